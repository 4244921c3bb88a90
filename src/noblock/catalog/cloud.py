"""Cloud and messaging: AWS (and s3fs), Google Cloud Storage, Azure Blob Storage, the APIs of SaaS services
(Slack, Stripe, GitHub, GitLab, ...), Kafka, RabbitMQ, Celery, SSH, mail, FTP."""

from __future__ import annotations

from noblock.catalog import CallRule, Library, Offload, Returns, calls, constructors

AREA = "Cloud and messaging"

# --- AWS ----------------------------------------------------------------------------------------

_AIOBOTO = "`aioboto3` / `aiobotocore`, or `asyncio.to_thread()`"
_BOTO3_NON_BLOCKING = (
    "get_paginator get_waiter can_paginate generate_presigned_url generate_presigned_post "
    "close meta exceptions"
)
# A client's operations are HTTP calls. Annotations name the client by botocore's base class or by the
# `mypy-boto3-*` stubs (`S3Client`).
_AWS_CLIENTS = ("boto3.Client", "botocore.client.BaseClient", "mypy_boto3_*.**.*Client")
_STREAMING_BODY = ("boto3.GetObjectOutput[]", "botocore.response.StreamingBody")
_BOTO3 = Library(
    "boto3",
    AREA,
    "boto3 / botocore 1.34 - 1.44",
    "`aioboto3` / `aiobotocore` (the same operations, awaited), or `asyncio.to_thread()`",
    calls=(
        *[rule for client in _AWS_CLIENTS for rule in calls(None, client, _BOTO3_NON_BLOCKING)],
        *[CallRule(f"{client}.*", "NB107", _AIOBOTO) for client in _AWS_CLIENTS],
        # Resource factories (`s3.Bucket(...)`, `s3.Object(...)`) build handles; their actions are requests.
        CallRule("boto3.Resource.[A-Z]*", None),
        CallRule("boto3.Resource.*", "NB107", "`aioboto3`, or `asyncio.to_thread()`"),
        *calls("NB107", "boto3.Paginator", "paginate", "`aiobotocore` paginators", iterates=True),
        *calls("NB107", "boto3.Waiter", "wait", "`aiobotocore` waiters"),
        # `get_object(...)["Body"]` streams the object: reading it waits for the network.
        *[
            rule
            for body in _STREAMING_BODY
            for rule in calls("NB107", body, "read readinto readlines", _AIOBOTO)
        ],
        *[
            rule
            for body in _STREAMING_BODY
            for rule in calls("NB107", body, "iter_lines iter_chunks", _AIOBOTO, iterates=True)
        ],
    ),
    returns=(
        Returns("boto3.client", "boto3.Client"),
        Returns("boto3.session.Session.client", "boto3.Client"),
        Returns("boto3.Session.client", "boto3.Client"),
        Returns("boto3.session.Session", "boto3.Session"),
        Returns("boto3.Session"),
        Returns("boto3.resource", "boto3.Resource"),
        Returns("boto3.Session.resource", "boto3.Resource"),
        Returns("boto3.Resource.[A-Z]*", "boto3.Resource"),
        Returns("boto3.Client.get_paginator", "boto3.Paginator"),
        Returns("boto3.Client.get_waiter", "boto3.Waiter"),
        Returns("boto3.Client.get_object", "boto3.GetObjectOutput"),
        Returns("boto3.Resource.get", "boto3.GetObjectOutput"),
        Returns("botocore.session.get_session", "botocore.session.Session"),
        Returns("botocore.session.Session"),
        Returns("botocore.session.Session.create_client", "boto3.Client"),
    ),
)

# --- Google Cloud Storage -----------------------------------------------------------------------

_GCS_ASYNC = "`gcloud-aio-storage`, or `asyncio.to_thread()`"
_GCS_CLIENT = (
    "get_bucket lookup_bucket create_bucket download_blob_to_file list_buckets get_service_account_email "
    "create_hmac_key get_hmac_key_metadata restore_bucket"
)
_GCS_BUCKET = (
    "create delete exists reload patch update get_blob delete_blob delete_blobs copy_blob rename_blob "
    "move_blob restore_blob make_public make_private get_iam_policy set_iam_policy test_iam_permissions "
    "lock_retention_policy list_notifications get_notification configure_website get_logging"
)
_GCS_BLOB = (
    "upload_from_file upload_from_filename upload_from_string download_to_file download_to_filename "
    "download_as_bytes download_as_string download_as_text exists delete reload patch update rewrite compose "
    "make_public make_private create_resumable_upload_session get_iam_policy set_iam_policy "
    "test_iam_permissions update_storage_class open"
)
_GCS = "google.cloud.storage"
_GOOGLE_CLOUD_STORAGE = Library(
    "google-cloud-storage",
    AREA,
    "google-cloud-storage 2.x - 3.17",
    "`gcloud-aio-storage`, or `asyncio.to_thread()` (`client.bucket()` and `bucket.blob()` build handles)",
    calls=(
        *calls("NB107", f"{_GCS}.Client", _GCS_CLIENT, _GCS_ASYNC),
        *calls("NB107", f"{_GCS}.Bucket", _GCS_BUCKET, _GCS_ASYNC),
        *calls("NB107", f"{_GCS}.Blob", _GCS_BLOB, _GCS_ASYNC),
        # Listing pages through results while it is iterated.
        *calls("NB107", f"{_GCS}.Client", "list_blobs", _GCS_ASYNC, iterates=True),
        *calls("NB107", f"{_GCS}.Bucket", "list_blobs", _GCS_ASYNC, iterates=True),
    ),
    returns=(
        *constructors(f"{_GCS}.Client {_GCS}.Bucket {_GCS}.Blob"),
        Returns(f"{_GCS}.client.Client", f"{_GCS}.Client"),
        Returns(f"{_GCS}.Client.bucket", f"{_GCS}.Bucket"),
        Returns(f"{_GCS}.Client.get_bucket", f"{_GCS}.Bucket"),
        Returns(f"{_GCS}.Client.lookup_bucket", f"{_GCS}.Bucket"),
        Returns(f"{_GCS}.Client.create_bucket", f"{_GCS}.Bucket"),
        Returns(f"{_GCS}.Bucket.blob", f"{_GCS}.Blob"),
        Returns(f"{_GCS}.Bucket.get_blob", f"{_GCS}.Blob"),
    ),
)

# --- Google API client (discovery) -------------------------------------------------------------

# `build()` reads the service's discovery document, bundled with the library, from disk (or fetches
# it, given a `discoveryServiceUrl`). Every method of the `Resource` it gives builds another
# resource or a request at once: nothing is sent until `execute()`. The request is modelled as a
# `Resource` too, since a method name alone does not tell the two apart.
_GOOGLEAPI = "googleapiclient"
_GOOGLE_API_PYTHON_CLIENT = Library(
    "google-api-python-client",
    AREA,
    "google-api-python-client 2.x (2.202)",
    "`asyncio.to_thread(request.execute)`; `aiogoogle` for an async client",
    calls=(
        CallRule(f"{_GOOGLEAPI}.discovery.build", "NB104"),
        *calls("NB102", f"{_GOOGLEAPI}.discovery.Resource", "execute next_chunk"),
        *calls("NB102", f"{_GOOGLEAPI}.http.HttpRequest", "execute next_chunk"),
        *calls("NB102", f"{_GOOGLEAPI}.http.BatchHttpRequest", "execute"),
        *calls("NB102", f"{_GOOGLEAPI}.http.MediaIoBaseDownload", "next_chunk"),
    ),
    returns=(
        *constructors(
            f"{_GOOGLEAPI}.http.HttpRequest {_GOOGLEAPI}.http.BatchHttpRequest "
            f"{_GOOGLEAPI}.http.MediaIoBaseDownload"
        ),
        Returns(f"{_GOOGLEAPI}.discovery.build", f"{_GOOGLEAPI}.discovery.Resource"),
        Returns(f"{_GOOGLEAPI}.discovery.build_from_document", f"{_GOOGLEAPI}.discovery.Resource"),
        Returns(
            f"{_GOOGLEAPI}.discovery.Resource.new_batch_http_request", f"{_GOOGLEAPI}.http.BatchHttpRequest"
        ),
        Returns(f"{_GOOGLEAPI}.discovery.Resource.execute", "builtins.dict"),
        Returns(f"{_GOOGLEAPI}.discovery.Resource.*", f"{_GOOGLEAPI}.discovery.Resource"),
    ),
)

# --- Supabase -----------------------------------------------------------------------------------

# The sync client's parts each send HTTP requests with httpx's sync client: `auth` (GoTrue),
# `table()` and `rpc()` query builders (PostgREST, sent by `execute()`), `storage` buckets and
# `functions`. Building a query sends nothing. `auth.get_session()` refreshes only an expired
# session: not listed.
_SUPABASE_ASYNC = "`supabase.acreate_client()` (an `AsyncClient`, awaited)"
_SUPABASE_AUTH = "supabase_auth.SyncGoTrueClient"
_SUPABASE_QUERY = "postgrest.SyncRequestBuilder"  # every builder of a query, as one type
_SUPABASE_BUCKET = "storage3.SyncBucketProxy"
_SUPABASE = Library(
    "supabase",
    AREA,
    "supabase 2.x (2.34), supabase-auth, postgrest and storage3 2.34",
    "`supabase.acreate_client()`: the same client, async (`await client.table(...).execute()`)",
    calls=(
        *calls(
            "NB102",
            _SUPABASE_AUTH,
            "sign_in_anonymously sign_up sign_in_with_password sign_in_with_id_token sign_in_with_sso "
            "link_identity get_user_identities unlink_identity sign_in_with_otp resend verify_otp "
            "reauthenticate get_user update_user set_session refresh_session sign_out "
            "reset_password_for_email reset_password_email exchange_code_for_session get_claims",
            _SUPABASE_ASYNC,
        ),
        *calls(
            "NB102",
            "supabase_auth.SyncGoTrueAdminAPI",
            "sign_out invite_user_by_email generate_link create_user list_users get_user_by_id "
            "update_user_by_id delete_user",
            _SUPABASE_ASYNC,
        ),
        *calls("NB102", _SUPABASE_QUERY, "execute", _SUPABASE_ASYNC),
        *calls(
            "NB102",
            "storage3.SyncStorageClient",
            "list_buckets get_bucket create_bucket update_bucket empty_bucket delete_bucket",
            _SUPABASE_ASYNC,
        ),
        *calls(
            "NB102",
            _SUPABASE_BUCKET,
            "create_signed_upload_url upload_to_signed_url create_signed_url create_signed_urls move "
            "copy remove info exists list list_v2 download upload update",
            _SUPABASE_ASYNC,
        ),
        *calls("NB102", "supabase_functions.SyncFunctionsClient", "invoke", _SUPABASE_ASYNC),
    ),
    returns=(
        Returns("supabase.create_client", "supabase.Client"),
        Returns("supabase.client.create_client", "supabase.Client"),
        *constructors("supabase.Client"),
        Returns("supabase.client.Client", "supabase.Client"),
        Returns("supabase.Client.auth", _SUPABASE_AUTH, attribute=True),
        Returns(f"{_SUPABASE_AUTH}.admin", "supabase_auth.SyncGoTrueAdminAPI", attribute=True),
        Returns("supabase.Client.table", _SUPABASE_QUERY),
        Returns("supabase.Client.from_", _SUPABASE_QUERY),
        Returns("supabase.Client.rpc", _SUPABASE_QUERY),
        Returns("supabase.Client.postgrest", "postgrest.SyncPostgrestClient", attribute=True),
        Returns("postgrest.SyncPostgrestClient.from_", _SUPABASE_QUERY),
        Returns("postgrest.SyncPostgrestClient.table", _SUPABASE_QUERY),
        Returns("postgrest.SyncPostgrestClient.rpc", _SUPABASE_QUERY),
        Returns(f"{_SUPABASE_QUERY}.execute", "postgrest.APIResponse"),
        Returns(f"{_SUPABASE_QUERY}.*", _SUPABASE_QUERY),
        Returns("supabase.Client.storage", "storage3.SyncStorageClient", attribute=True),
        Returns("storage3.SyncStorageClient.from_", _SUPABASE_BUCKET),
        Returns("supabase.Client.functions", "supabase_functions.SyncFunctionsClient", attribute=True),
    ),
)

# --- MinIO ----------------------------------------------------------------------------------------

# Every method of the client but its settings (`trace_on`, `set_app_info`, the endpoint switches)
# sends requests with urllib3; a presigned URL, too, asks for the bucket's region unless the client
# was given one. `list_objects` and
# `remove_objects` page through the results lazily, while they are iterated.
_MINIO_ASYNC = "`miniopy-async` (the same methods, awaited), or `asyncio.to_thread()`"
_MINIO_CALLS = (
    "make_bucket list_buckets bucket_exists remove_bucket get_bucket_policy set_bucket_policy "
    "delete_bucket_policy get_bucket_notification set_bucket_notification delete_bucket_notification "
    "listen_bucket_notification get_bucket_encryption set_bucket_encryption delete_bucket_encryption "
    "get_bucket_versioning set_bucket_versioning get_bucket_replication set_bucket_replication "
    "delete_bucket_replication get_bucket_lifecycle set_bucket_lifecycle delete_bucket_lifecycle "
    "get_bucket_tags set_bucket_tags delete_bucket_tags get_object_lock_config set_object_lock_config "
    "delete_object_lock_config put_object fput_object get_object fget_object stat_object remove_object "
    "copy_object compose_object append_object select_object_content prompt_object "
    "upload_snowball_objects get_object_tags set_object_tags delete_object_tags "
    "enable_object_legal_hold disable_object_legal_hold is_object_legal_hold_enabled "
    "get_object_retention set_object_retention get_presigned_url presigned_get_object "
    "presigned_put_object presigned_post_policy"
)
_MINIO = Library(
    "minio",
    AREA,
    "minio 7.x (7.2)",
    "`miniopy-async`: the same client, awaited; or `asyncio.to_thread()`",
    calls=(
        *calls("NB107", "minio.Minio", _MINIO_CALLS, _MINIO_ASYNC),
        *calls("NB107", "minio.Minio", "list_objects remove_objects", _MINIO_ASYNC, iterates=True),
    ),
    returns=(*constructors("minio.Minio"), Returns("minio.api.Minio", "minio.Minio")),
)

# --- s3fs -----------------------------------------------------------------------------------------

# s3fs's sync methods run the request on fsspec's own I/O thread and block the caller until it
# answers; its files (`fs.open(...)`) fetch and upload ranges the same way. Built with
# `asynchronous=True` (and awaited as `fs._ls(...)`, `fs._cat_file(...)`), it is async.
_S3FS_CALLS = (
    "ls exists info isdir isfile size du find glob walk open cat cat_file cat_ranges pipe "
    "pipe_file put put_file get get_file head tail read_text write_text read_bytes write_bytes "
    "touch mkdir makedirs rmdir rm rm_file cp_file copy mv checksum modified metadata get_tags "
    "put_tags getxattr setxattr chmod merge"
)
_S3FS_ASYNC = "`s3fs.S3FileSystem(asynchronous=True)` and its awaited `_` methods (`await fs._ls(path)`)"
_S3FS = Library(
    "s3fs",
    AREA,
    "s3fs 2023.x - 2026.9",
    "`S3FileSystem(asynchronous=True)` with the awaited `_`-prefixed methods, or `asyncio.to_thread()`",
    calls=(
        *[
            rule
            for fs in ("s3fs.S3FileSystem", "s3fs.core.S3FileSystem")
            for rule in calls("NB107", fs, _S3FS_CALLS, _S3FS_ASYNC)
        ],
        *[
            rule
            for file in ("s3fs.S3File", "s3fs.core.S3File")
            for rule in calls("NB107", file, "read readline readlines readinto write flush close commit")
        ],
    ),
    returns=(
        *constructors("s3fs.S3FileSystem"),
        Returns("s3fs.core.S3FileSystem", "s3fs.S3FileSystem"),
        Returns("s3fs.S3FileSystem.open", "s3fs.S3File"),
    ),
)

# --- Amazon Bedrock AgentCore ---------------------------------------------------------------------

# The tools' clients call AWS through boto3: every method of `CodeInterpreter` and `BrowserClient`
# sends a request (the ones that need a session start one first: `invoke()`, `execute_code()`,
# `generate_ws_headers()`), and `WebSearchClient.search()` posts a signed request. Building a
# client makes boto3 clients and sends nothing. The SDK has no async API.
_AGENTCORE_ASYNC = "`asyncio.to_thread()` (bedrock-agentcore has no async API)"
_AGENTCORE_CLIENTS = (
    "bedrock_agentcore.tools.code_interpreter_client.CodeInterpreter",
    "bedrock_agentcore.tools.browser_client.BrowserClient",
)
_BEDROCK_AGENTCORE = Library(
    "bedrock-agentcore",
    AREA,
    "bedrock-agentcore 1.x (1.25)",
    "none: `asyncio.to_thread()`",
    calls=(
        *[CallRule(f"{client}.*", "NB107", _AGENTCORE_ASYNC) for client in _AGENTCORE_CLIENTS],
        *calls(
            "NB107", "bedrock_agentcore.tools.web_search_client.WebSearchClient", "search", _AGENTCORE_ASYNC
        ),
    ),
    returns=(
        *constructors(" ".join(_AGENTCORE_CLIENTS)),
        Returns("bedrock_agentcore.tools.web_search_client.WebSearchClient"),
        Returns(
            "bedrock_agentcore.tools.CodeInterpreter",
            "bedrock_agentcore.tools.code_interpreter_client.CodeInterpreter",
        ),
        Returns(
            "bedrock_agentcore.tools.BrowserClient", "bedrock_agentcore.tools.browser_client.BrowserClient"
        ),
    ),
)

# --- Slack --------------------------------------------------------------------------------------

# Every API method of the sync `WebClient` posts to Slack's Web API with urllib and waits for the
# reply; `chat_stream()` only builds a streamer, whose `append()` and `stop()` post.
_SLACK_ASYNC = "`slack_sdk.web.async_client.AsyncWebClient` (the same methods, awaited)"
_SLACK_SDK = Library(
    "slack-sdk",
    AREA,
    "slack-sdk 3.x (3.48)",
    "`AsyncWebClient` and `AsyncWebhookClient`: the same methods, awaited",
    calls=(
        CallRule("slack_sdk.WebClient.chat_stream", None),
        CallRule("slack_sdk.WebClient.*", "NB102", _SLACK_ASYNC),
        *calls("NB102", "slack_sdk.web.chat_stream.ChatStream", "append stop", _SLACK_ASYNC),
        *calls(
            "NB102",
            "slack_sdk.WebhookClient",
            "send send_dict",
            "`slack_sdk.webhook.async_client.AsyncWebhookClient` (awaited)",
        ),
    ),
    returns=(
        *constructors("slack_sdk.WebClient slack_sdk.WebhookClient"),
        Returns("slack_sdk.web.WebClient", "slack_sdk.WebClient"),
        Returns("slack_sdk.web.client.WebClient", "slack_sdk.WebClient"),
        Returns("slack_sdk.webhook.WebhookClient", "slack_sdk.WebhookClient"),
        Returns("slack_sdk.webhook.client.WebhookClient", "slack_sdk.WebhookClient"),
        Returns("slack_sdk.WebClient.chat_stream", "slack_sdk.web.chat_stream.ChatStream"),
    ),
)

# --- Stripe -------------------------------------------------------------------------------------

# Each operation of a resource class (`stripe.Customer.create(...)`, `stripe.checkout.Session.create(...)`)
# or of a `StripeClient` service (`client.customers.create(...)`, `client.v1.customers.create(...)`)
# sends a request; since stripe 10 each has an `_async` twin, which needs an async HTTP client
# installed (httpx or aiohttp): an unsafe fix. Building a client or a service sends nothing, and
# neither do webhook signature checks.
_STRIPE_OPERATIONS = (
    "create retrieve modify update delete list search cancel confirm capture attach detach expire "
    "pay finalize_invoice void_invoice send_invoice list_line_items create_preview"
)
_STRIPE = Library(
    "stripe",
    AREA,
    "stripe 10 - 16",
    "each operation's `_async` twin (`await stripe.Customer.create_async(...)`), with httpx installed",
    calls=tuple(
        CallRule(
            f"{owner}.{operation}",
            "NB102",
            f"`await {{receiver}}.{operation}_async()`",
            twin=f"{operation}_async",
        )
        for owner in ("stripe.**.[A-Z]*", "stripe.StripeService")
        for operation in _STRIPE_OPERATIONS.split()
    ),
    returns=(
        # A client's services are attributes, and so are their own services (`client.v1.customers`);
        # a service's operations are its methods, read as themselves.
        *(
            Returns(f"stripe.StripeService.{operation}", attribute=True)
            for operation in _STRIPE_OPERATIONS.split()
        ),
        Returns("stripe.StripeClient.*", "stripe.StripeService", attribute=True),
        Returns("stripe.StripeService.*", "stripe.StripeService", attribute=True),
        *constructors("stripe.StripeClient"),
    ),
)

# --- Twilio and Resend --------------------------------------------------------------------------

# Twilio's resources send a request for each of these (`client.messages.create(...)`); `get(sid)`
# and the resources themselves only build paths. Each has an `_async` twin, with an
# `AsyncTwilioHttpClient` given to the client.
_TWILIO_OPERATIONS = "create fetch update delete list page get_page stream"
_TWILIO = Library(
    "twilio",
    AREA,
    "twilio 8 - 9.13",
    "each operation's `_async` twin (`await client.messages.create_async(...)`), with "
    "`Client(http_client=AsyncTwilioHttpClient())`",
    calls=tuple(
        CallRule(
            f"twilio.rest.Client.**.{operation}{suffix}",
            "NB102",
            f"`async for` over `{{receiver}}.{operation}{suffix}_async()`"
            if operation == "stream"
            else f"`await {{receiver}}.{operation}{suffix}_async()`",
            iterates=operation == "stream",
        )
        for operation in _TWILIO_OPERATIONS.split()
        for suffix in ("", "_with_http_info")
    ),
    returns=(*constructors("twilio.rest.Client"),),
)

# Resend's class methods each send a request (`resend.Emails.send(params)`) and have an `_async`
# twin; `Webhooks.verify()` checks a signature locally.
_RESEND_OPERATIONS = (
    "add cancel clicked_links create duplicate forward get get_event list list_event_attempts "
    "list_events metrics publish recipients remove replay_event reply revoke rotate_signing_secret "
    "search send set share stop update verify"
)
_RESEND = Library(
    "resend",
    AREA,
    "resend 2.x - 2.52",
    "each method's `_async` twin (`await resend.Emails.send_async(params)`)",
    calls=(
        CallRule("resend.Webhooks.verify", None),
        *(
            CallRule(f"{owner}.{operation}", "NB102", f"`await {{receiver}}.{operation}_async()`")
            for owner in ("resend.[A-Z]*", "resend.[A-Z]*.[A-Z]*")  # `resend.Emails.Receiving.get`
            for operation in _RESEND_OPERATIONS.split()
        ),
    ),
)

# --- GitHub and GitLab --------------------------------------------------------------------------

# PyGithub sends its requests with requests' sync session. Every method of its objects is a request
# but the few named `None` below; so is building an object by its URL (`gh.get_repo(name)`,
# `repo.get_pull(number)`), which completes it at once unless the client was made with
# `Github(lazy=True)` (2.x's default is `lazy=False`; calls on a lazy client are still reported).
# A method giving a `PaginatedList` sends nothing: iterating it, indexing it, `totalCount` and
# `reversed` fetch its pages, so the call is reported as a lazy iterator. Reading an attribute that
# an object was built without (the items of a list, an object nested in another's data such as
# `pr.base.repo` or `comment.user`) completes it with a request too; noblock reports calls, not
# attribute reads, so such reads are not reported: what these calls return is complete already.
_PYGITHUB_ASYNC = "`asyncio.to_thread()` (PyGithub has no async API)"
# The call goes into the thread too: the row reports the call that makes the list, in
# `to_thread(list, repo.get_pulls())` as in a loop over it.
_PYGITHUB_PAGES = (
    "`await asyncio.to_thread(lambda: list(repo.get_pulls()))`: the pages are fetched while it is iterated"
)
# The classes whose objects send requests, each in the module of its name (`github.Repository`).
_PYGITHUB_OBJECTS = (
    "ApplicationOAuth Artifact AuthenticatedUser Authorization AuthorizationApplication Branch "
    "BranchProtection CWE CheckRun CheckSuite CodeScanAlert Commit CommitComment Comparison "
    "ContentFile Copilot Deployment DeploymentStatus Download Enterprise "
    "EnterpriseConsumedLicenses Environment Gist GistComment GistHistoryState GitBlob "
    "GitCommit GitRef GitRelease GitReleaseAsset GitTag GitTree GithubApp Hook Installation "
    "Invitation Issue IssueComment IssueEvent Label License Membership Migration Milestone "
    "NamedEnterpriseUser NamedUser Notification Organization OrganizationCodeScanAlert "
    "OrganizationSecret OrganizationVariable Project ProjectCard ProjectColumn PublicKey "
    "PullRequest PullRequestComment PullRequestReview Reaction Repository RepositoryAdvisory "
    "RepositoryDiscussion RepositoryDiscussionComment RepositoryKey RequiredPullRequestReviews "
    "RequiredStatusChecks Secret SourceImport Team TeamDiscussion UserKey Variable Workflow "
    "WorkflowJob WorkflowRun WorkflowStep"
)
# The methods that give a `PaginatedList` (`get_review_requests` gives two).
_PYGITHUB_PAGED = (
    "get_annotations get_artifacts get_assets get_assignees get_authorizations get_autolinks "
    "get_blocked_by get_blocking get_branches get_cards get_check_runs get_check_suites "
    "get_code_security_configs get_codescan_alerts get_collaborators get_columns get_comments "
    "get_commits get_contributors get_custom_properties get_default_code_security_configs "
    "get_dependabot_alerts get_deployments get_discussions get_downloads get_environments "
    "get_events get_files get_followers get_following get_forks get_gists "
    "get_git_matching_refs get_git_refs get_global_advisories get_hook_deliveries get_hooks "
    "get_installations get_instances get_invitations get_issue_comments get_issue_events "
    "get_issue_timeline get_issues get_issues_comments get_issues_events get_keys get_labels "
    "get_licenses get_members get_migrations get_milestones get_network_events "
    "get_notifications get_organization_events get_organization_memberships get_organizations "
    "get_orgs get_outside_collaborators get_pending_invitations get_projects get_public_events "
    "get_public_members get_public_received_events get_pulls get_pulls_comments "
    "get_pulls_review_comments get_reactions get_received_events get_releases get_replies "
    "get_repos get_repos_for_code_security_config get_repository_advisories "
    "get_review_comments get_review_requests get_reviews get_runs get_seats "
    "get_secret_scanning_alerts get_secrets get_self_hosted_runner_applications "
    "get_self_hosted_runners get_single_review_comments get_stargazers "
    "get_stargazers_with_dates get_starred get_starred_gists get_statuses get_sub_issues "
    "get_subscribers get_subscriptions get_tags get_team_push_restrictions get_teams "
    "get_timeline get_user_issues get_user_push_restrictions get_users get_variables "
    "get_watched get_watchers get_workflow_runs get_workflows invitations jobs "
    "list_custom_property_values search_code search_commits search_issues search_repositories "
    "search_topics search_users"
)
# What a method gives, on whichever object it is called: (class, methods). Only the classes whose
# objects send requests are followed.
_PYGITHUB_GIVES = (
    ("ApplicationOAuth", "get_oauth_application"),
    ("Artifact", "get_artifact"),
    ("Authorization", "create_authorization get_authorization"),
    ("Branch", "get_branch"),
    ("BranchProtection", "edit_protection get_protection"),
    ("CheckRun", "create_check_run get_check_run"),
    ("CheckSuite", "create_check_suite get_check_suite"),
    ("CodeScanAlert", "get_codescan_alert"),
    ("Commit", "get_commit"),
    ("Comparison", "compare"),
    ("ContentFile", "get_readme"),
    ("Copilot", "get_copilot"),
    ("Deployment", "create_deployment get_deployment"),
    ("DeploymentStatus", "get_status"),
    ("Download", "get_download"),
    ("Enterprise", "get_enterprise"),
    ("EnterpriseConsumedLicenses", "get_consumed_licenses"),
    ("Environment", "create_environment get_environment"),
    ("Gist", "create_gist get_gist"),
    ("GitBlob", "create_git_blob get_git_blob"),
    ("GitCommit", "create_git_commit get_git_commit"),
    ("GitRef", "create_git_ref get_git_ref restore_branch"),
    (
        "GitRelease",
        "create_git_release create_git_tag_and_release get_latest_release get_release update_release",
    ),
    ("GitReleaseAsset", "get_release_asset update_asset upload_asset upload_asset_from_memory"),
    ("GitTag", "create_git_tag get_git_tag"),
    ("GitTree", "create_git_tree get_git_tree"),
    ("Github", "get_github_for_installation"),
    ("GithubApp", "get_app"),
    ("Hook", "create_hook edit_hook"),
    (
        "Installation",
        "get_app_installation get_installation get_org_installation get_repo_installation "
        "get_user_installation",
    ),
    ("Invitation", "add_to_collaborators"),
    ("Issue", "add_sub_issue as_issue create_issue get_issue prioritize_sub_issue remove_sub_issue"),
    ("IssueComment", "create_issue_comment get_issue_comment"),
    ("IssueEvent", "get_issues_event"),
    ("Label", "create_label get_label"),
    ("Membership", "get_organization_membership get_team_membership"),
    ("Migration", "create_migration"),
    ("Milestone", "create_milestone get_milestone"),
    ("NamedUser", "get_user_by_id"),
    ("Notification", "get_notification"),
    ("Organization", "get_organization"),
    ("Project", "create_project get_project"),
    ("ProjectCard", "create_card"),
    ("ProjectColumn", "create_column get_project_column"),
    ("PublicKey", "get_public_key"),
    ("PullRequest", "as_pull_request create_pull get_pull get_pull_request"),
    ("PullRequestComment", "create_review_comment create_review_comment_reply get_review_comment"),
    ("PullRequestReview", "create_review get_review"),
    ("Reaction", "create_reaction"),
    ("Repository", "create_repo create_repo_from_template get_repo"),
    (
        "RepositoryAdvisory",
        "create_repository_advisory get_repository_advisory report_security_vulnerability",
    ),
    ("RepositoryDiscussion", "get_discussion get_repository_discussion"),
    ("RepositoryDiscussionComment", "add_comment"),
    ("RequiredPullRequestReviews", "edit_required_pull_request_reviews get_required_pull_request_reviews"),
    ("RequiredStatusChecks", "edit_required_status_checks get_required_status_checks"),
    ("SourceImport", "create_source_import get_source_import"),
    ("Team", "create_team get_team get_team_by_slug"),
    ("Workflow", "get_workflow"),
    ("WorkflowJob", "get_workflow_job"),
    ("WorkflowRun", "get_attempt get_workflow_run"),
)
# What iterating a method's `PaginatedList` (or a list it fetched) gives: (class, methods).
_PYGITHUB_ITEMS = (
    ("Artifact", "get_artifacts"),
    ("Authorization", "get_authorizations"),
    ("Branch", "get_branches get_branches_where_head"),
    ("CheckRun", "get_check_runs"),
    ("CheckSuite", "get_check_suites"),
    ("Commit", "get_commits search_commits"),
    ("ContentFile", "search_code get_dir_contents"),
    ("Deployment", "get_deployments"),
    ("Download", "get_downloads"),
    ("Environment", "get_environments"),
    ("Gist", "get_gists get_starred_gists"),
    ("GitRef", "get_git_matching_refs get_git_refs"),
    ("GitRelease", "get_releases"),
    ("GitReleaseAsset", "get_assets"),
    ("Installation", "get_installations"),
    ("Invitation", "get_invitations get_pending_invitations"),
    (
        "Issue",
        "get_blocked_by get_blocking get_issues get_sub_issues get_user_issues search_issues "
        "legacy_search_issues",
    ),
    ("IssueComment", "get_issue_comments get_issues_comments"),
    ("IssueEvent", "get_issue_events get_issues_events"),
    ("Label", "get_labels"),
    ("License", "get_licenses"),
    ("Membership", "get_organization_memberships"),
    ("Migration", "get_migrations"),
    ("Milestone", "get_milestones"),
    (
        "NamedUser",
        "get_assignees get_collaborators get_contributors get_followers get_following get_members "
        "get_outside_collaborators get_public_members get_stargazers get_subscribers "
        "get_user_push_restrictions get_watchers invitations search_users",
    ),
    ("Notification", "get_notifications"),
    ("Organization", "get_organizations get_orgs"),
    ("Project", "get_projects"),
    ("ProjectCard", "get_cards"),
    ("ProjectColumn", "get_columns"),
    ("PullRequest", "get_pulls"),
    (
        "PullRequestComment",
        "get_pulls_comments get_pulls_review_comments get_review_comments get_single_review_comments",
    ),
    ("PullRequestReview", "get_reviews"),
    ("Reaction", "get_reactions"),
    ("Repository", "get_forks get_repos get_starred get_subscriptions get_watched search_repositories"),
    ("RepositoryAdvisory", "get_repository_advisories"),
    ("RepositoryDiscussionComment", "get_replies"),
    ("Team", "get_team_push_restrictions get_teams"),
    ("Workflow", "get_workflows"),
    ("WorkflowJob", "jobs"),
    ("WorkflowRun", "get_runs get_workflow_runs"),
)
# Methods whose result depends on the object they are called on: (owner, class, methods), placed
# before the rows above. `gh.get_user()` gives the authenticated user, `gh.get_user(login)` a
# `NamedUser`; both send the same kinds of requests.
_PYGITHUB_OWN_GIVES = (
    ("Github", "AuthenticatedUser", "get_user"),
    ("Github", "Github", "withLazy"),
    ("Github", "License", "get_license"),
    ("GithubIntegration", "GithubIntegration", "withLazy"),
    ("AuthenticatedUser", "UserKey", "create_key get_key"),
    ("Commit", "CommitComment", "create_comment"),
    ("Deployment", "DeploymentStatus", "create_status"),
    ("Environment", "Secret", "create_secret get_secret"),
    ("Environment", "Variable", "create_variable get_variable"),
    ("Gist", "Gist", "create_fork"),
    ("Gist", "GistComment", "create_comment get_comment"),
    ("Issue", "IssueComment", "create_comment get_comment"),
    ("Organization", "Hook", "get_hook"),
    ("Organization", "OrganizationSecret", "create_secret get_secret"),
    ("Organization", "OrganizationVariable", "create_variable get_variable"),
    ("Organization", "Repository", "create_fork"),
    ("PullRequest", "PullRequestComment", "create_comment get_comment"),
    ("AuthenticatedUser", "Repository", "create_fork"),
    ("Repository", "Commit", "merge"),
    ("Repository", "CommitComment", "get_comment"),
    ("Repository", "ContentFile", "get_contents get_license"),  # a file's; a folder gives a list
    ("Repository", "Hook", "get_hook"),
    ("Repository", "Repository", "create_fork"),
    ("Repository", "RepositoryKey", "create_key get_key"),
    ("Repository", "Secret", "create_secret get_secret"),
    ("Repository", "Variable", "create_variable get_variable"),
)
_PYGITHUB_OWN_ITEMS = (
    ("AuthenticatedUser", "UserKey", "get_keys"),
    ("Commit", "CommitComment", "get_comments"),
    ("Deployment", "DeploymentStatus", "get_statuses"),
    ("EnterpriseConsumedLicenses", "NamedEnterpriseUser", "get_users"),
    ("Environment", "Secret", "get_secrets"),
    ("Environment", "Variable", "get_variables"),
    ("Gist", "GistComment", "get_comments"),
    ("Github", "NamedUser", "get_users"),
    ("Issue", "IssueComment", "get_comments"),
    ("Issue", "IssueEvent", "get_events"),
    ("NamedUser", "UserKey", "get_keys"),
    ("Organization", "Hook", "get_hooks"),
    ("Organization", "OrganizationCodeScanAlert", "get_codescan_alerts"),
    ("Organization", "OrganizationSecret", "get_secrets"),
    ("Organization", "OrganizationVariable", "get_variables"),
    ("PullRequest", "PullRequestComment", "get_comments"),
    ("Repository", "CodeScanAlert", "get_codescan_alerts"),
    ("Repository", "CommitComment", "get_comments"),
    ("Repository", "ContentFile", "get_contents"),
    ("Repository", "Hook", "get_hooks"),
    ("Repository", "RepositoryDiscussion", "get_discussions"),
    ("Repository", "RepositoryKey", "get_keys"),
    ("Repository", "Secret", "get_secrets"),
    ("Repository", "Variable", "get_variables"),
    ("RepositoryDiscussion", "RepositoryDiscussionComment", "get_comments"),
    ("Team", "TeamDiscussion", "get_discussions"),
)


# What an attribute holds, on whichever object it is read: (class, attributes). The objects nested
# in another's data (`pr.base.repo`, `comment.user`) are not complete: reading an attribute they
# came without fetches them (not reported, see above); calling a method of theirs is reported.
_PYGITHUB_ATTRIBUTES = (
    (
        "NamedUser",
        "actor assignee author closed_by committer creator dismissed_by editor inviter merged_by "
        "on_behalf_of publisher push_protection_bypass_request_reviewer push_protection_bypassed_by "
        "resolved_by suspended_by triggering_actor uploader user",
    ),
    ("Repository", "head_repository private_fork repo repository template_repository"),
    ("Organization", "org organization"),
    ("Commit", "base_commit merge_base_commit"),
    ("GitCommit", "head_commit"),
    ("Issue", "issue parent_issue"),
    ("Milestone", "milestone"),
    ("Team", "assigning_team requested_team"),
    ("GithubApp", "performed_via_github_app"),
    ("CheckSuite", "check_suite"),
    ("Deployment", "deployment"),
    ("RepositoryDiscussion", "discussion"),
    ("RepositoryDiscussionComment", "answer"),
    ("Gist", "fork_of"),
    ("License", "license"),
    ("BranchProtection", "protection"),
    ("RequiredPullRequestReviews", "required_pull_request_reviews"),
    ("RequiredStatusChecks", "required_status_checks"),
    ("WorkflowRun", "workflow_run"),
)
# Attributes that hold another class on some objects: (owner, class, attributes), placed first.
_PYGITHUB_OWN_ATTRIBUTES = (
    ("GitCommit", "GitAuthor", "author committer"),
    ("GitCommit", "GitTree", "tree"),
    ("PullRequest", "PullRequestPart", "head base"),
    ("Branch", "Commit", "commit"),
    ("Tag", "Commit", "commit"),
    ("Commit", "GitCommit", "commit"),
    ("ContentFile", "GitCommit", "commit"),
    ("Repository", "NamedUser", "owner"),
    ("Gist", "NamedUser", "owner"),
    ("Repository", "Repository", "parent source"),
    ("Team", "Team", "parent"),
    ("CheckRun", "GithubApp", "app"),
    ("CheckSuite", "GithubApp", "app"),
)


def _github(name: str) -> str:
    """The qualified name of a PyGithub class: `github.Github`, or the class in its module."""
    return "github.Github" if name == "Github" else f"github.{name}.{name}"


_PYGITHUB = Library(
    "PyGithub",
    AREA,
    "PyGithub 2.x (2.10)",
    "`asyncio.to_thread()` around the call (PyGithub has no async API); `githubkit` and `gidgethub` are "
    "async clients",
    calls=(
        # Every object's own: its repr, and whether it came from the REST or the GraphQL API.
        *calls(None, "github.**.[A-Z]*", "get__repr__ is_rest is_graphql setCheckAfterInitFlag"),
        # A client, an app (`get_app(slug)`: lazily; without a slug, deprecated, it asks for the
        # authenticated app), an enterprise or an OAuth app are built here; `dump` and `load`
        # pickle an object's data to and from a file object.
        *calls(
            None,
            "github.Github",
            "withLazy close get_app get_enterprise get_oauth_application create_from_raw_data dump load",
        ),
        # `get_user()` gives the authenticated user without asking for it; `lazy=True` (deprecated)
        # builds the object without completing it.
        CallRule(
            "github.Github.get_user",
            "NB102",
            _PYGITHUB_ASYNC,
            unless_true=(("lazy", 1),),
            only_with=("login", 0),
        ),
        CallRule("github.Github.get_repo", "NB102", _PYGITHUB_ASYNC, unless_true=(("lazy", 1),)),
        *calls(None, _github("GithubIntegration"), "withLazy close create_jwt get_github_for_installation"),
        *calls(None, _github("Installation"), "get_github_for_installation"),
        *calls(None, _github("ApplicationOAuth"), "get_login_url get_oauth_url get_app_user_auth"),
        *calls(None, _github("Enterprise"), "from_slug"),
        *calls(None, _github("Organization"), "get_copilot"),
        *calls(None, _github("PublicKey"), "encrypt"),  # seals a secret with the key, here
        *calls(None, _github("Repository"), "as_url_param"),
        # Named like the paginated ones, these fetch a list (or a dict) at once.
        *calls("NB102", "github.Github", "get_hooks get_hook_deliveries", _PYGITHUB_ASYNC),
        *calls("NB102", _github("Repository"), "get_custom_properties", _PYGITHUB_ASYNC),
        *calls("NB102", "github.**.[A-Z]*", _PYGITHUB_PAGED, _PYGITHUB_PAGES, iterates=True),
        *calls("NB102", "github.PaginatedList.PaginatedList", "get_page", _PYGITHUB_ASYNC),
        # The client's own requests, for the endpoints PyGithub has no method for.
        *calls(
            "NB102",
            "github.Requester.Requester",
            "requestJsonAndCheck requestJson requestMultipartAndCheck requestMultipart requestBlobAndCheck "
            "requestBlob requestMemoryBlobAndCheck graphql_query graphql_query_class graphql_node "
            "graphql_node_class graphql_named_mutation graphql_named_mutation_class getFile",
            _PYGITHUB_ASYNC,
        ),
        *(
            CallRule(f"{owner}.{name}", "NB102", _PYGITHUB_ASYNC, offload=Offload.UNSAFE, note=note)
            for owner, name, note in (
                (
                    "github.Requester.Requester",
                    "getStream",
                    "the stream it returns is read as it is iterated",
                ),
                (
                    _github("GitReleaseAsset"),
                    "download_asset",
                    "without a `path`, it returns a stream, read as it is iterated",
                ),
            )
        ),
        *(
            CallRule(f"{_github(name)}.*", "NB102", _PYGITHUB_ASYNC)
            for name in ("Github", "GithubIntegration", *_PYGITHUB_OBJECTS.split())
        ),
    ),
    returns=(
        *constructors("github.Github github.GithubIntegration.GithubIntegration"),
        Returns("github.MainClass.Github", "github.Github"),
        Returns("github.GithubIntegration", _github("GithubIntegration")),
        Returns("github.**.[A-Z]*.requester", "github.Requester.Requester", attribute=True),
        # Named like the paginated ones, these give a list, a dict or a pair of paginated lists.
        *(Returns(f"github.Github.{name}", "builtins.list") for name in ("get_hooks", "get_hook_deliveries")),
        Returns(f"{_github('Repository')}.get_custom_properties", "builtins.dict"),
        Returns(f"{_github('PullRequest')}.get_review_requests", "builtins.tuple"),
        *(
            Returns(f"{_github(owner)}.{name}", _github(cls), attribute=True)
            for owner, cls, names in _PYGITHUB_OWN_ATTRIBUTES
            for name in names.split()
        ),
        *(
            Returns(f"github.**.[A-Z]*.{name}", _github(cls), attribute=True)
            for cls, names in _PYGITHUB_ATTRIBUTES
            for name in names.split()
        ),
        *(
            Returns(f"{_github(owner)}.{name}", _github(cls))
            for owner, cls, names in _PYGITHUB_OWN_GIVES
            for name in names.split()
        ),
        *(
            Returns(f"github.**.[A-Z]*.{name}", _github(cls))
            for cls, names in _PYGITHUB_GIVES
            for name in names.split()
        ),
        *(
            Returns(f"{_github(owner)}.{name}", _github(cls), items=True)
            for owner, cls, names in _PYGITHUB_OWN_ITEMS
            for name in names.split()
        ),
        *(
            Returns(f"github.**.[A-Z]*.{name}", _github(cls), items=True)
            for cls, names in _PYGITHUB_ITEMS
            for name in names.split()
        ),
        *(
            Returns(f"github.**.[A-Z]*.{name}", "github.PaginatedList.PaginatedList")
            for name in _PYGITHUB_PAGED.split()
        ),
    ),
)

# python-gitlab sends its REST requests with requests' sync session. The client's managers
# (`gl.projects`, `project.mergerequests`, `mr.notes`) send a request for each of their methods:
# `get(id)` (not with `lazy=True`, which builds a local object to reach its managers from), `list()`,
# `create()`, `update()`, `delete()`, ...; the objects they give send one for `save()`, `delete()`,
# `refresh()` and their actions (`mr.changes()`, `mr.merge()`, `mr.approve()`). An object's
# attributes are the data it came with: reading one sends nothing. `list(iterator=True)` and the
# methods given `iterator=True` return a generator that fetches its pages, or reads the response,
# while it is iterated. Every manager is followed as one type, and every object as another; the
# rows name them by patterns that the concrete classes annotations name match too
# (`gitlab.v4.objects.ProjectManager`, `gitlab.v4.objects.Project`).
_GITLAB_ASYNC = "`asyncio.to_thread()` (python-gitlab's REST API is sync only)"
_GITLAB_MANAGER = "gitlab.base.RESTManager"
_GITLAB_OBJECT = "gitlab.base.RESTObject"
_GITLAB_MANAGERS = "gitlab.**.[A-Z]*Manager"
_GITLAB_OBJECTS = "gitlab.**.[A-Z]*"  # after the managers' rows and the client's
_GITLAB_MANAGER_CALLS = (
    "all bulk_publish compound_metrics create delete delete_in_bulk enable exists head "
    "import_bitbucket_server import_github import_group import_project job_stats latest "
    "mark_all_as_done merge process_metrics queue_metrics remote_import remote_import_s3 render "
    "rotate set set_approvers start update upload validate verify"
)
_GITLAB_MANAGER_STREAMS = "blame current_failures download list list_all list_public public raw status"
_GITLAB_OBJECT_CALLS = (
    "activate add_spent_time approval approve archive ban block cancel "
    "cancel_merge_when_pipeline_succeeds changes cherry_pick create_fork_relation deactivate delete "
    "delete_artifacts delete_fork_relation delete_merged_branches erase follow housekeeping "
    "keep_artifacts languages ldap_sync mark_as_done merge merge_ref mirror_pull mirror_pull_details "
    "move play promote publish rebase refresh reject reorder repair repository_blob "
    "repository_compare repository_merge_base reset_approvals reset_spent_time reset_time_estimate "
    "restore retry revert rotate save sequence share signature star status stop subscribe sync "
    "take_ownership test time_estimate todo transfer transfer_project trigger_pipeline unapprove "
    "unarchive unban unblock unfollow unshare unstar unsubscribe update_submodule upload "
    "user_agent_detail"
)
_GITLAB_OBJECT_STREAMS = (
    "artifact artifacts closed_by content diff download participants refs related_merge_requests "
    "repository_archive repository_contributors repository_raw_blob repository_tree search snapshot "
    "trace"
)
# These always return a generator of objects; the call fetches the first page only.
_GITLAB_OBJECT_PAGED = "closes_issues commits issues merge_requests related_issues"
# The managers an object holds, by attribute name (`project.mergerequests`, `mr.notes`).
_GITLAB_OBJECT_MANAGERS = (
    "access_tokens accessrequests additionalstatistics allowlist approval_rules approval_state "
    "approvalrules approvals artifacts audit_events awardemojis badges billable_members boards branches "
    "bridges ci_lint cluster_agents clusters comments commits contributed_projects customattributes "
    "deployments deploytokens descendant_groups diffs discussions dockerfile_templates draft_notes "
    "emails entities environments epics events exports external_status_checks feature_flags "
    "feature_flags_user_lists files followers_users following_users forks generic_packages "
    "gitignore_templates gitlabciyml_templates gpgkeys groups groups_allowlist hooks identityproviders "
    "impersonationtokens imports integrations invitations issue_templates issues issues_statistics "
    "iterations job_token_scope jobs keys labels ldap_group_links license_templates links lists manager "
    "member_roles members members_all memberships merge_request_templates merge_trains mergerequests "
    "milestones notes notificationsettings package_files package_protection_rules packages pages "
    "pagesdomains personal_access_tokens pipelines pipelineschedules projects protected_environments "
    "protectedbranches protectedtags pull_mirror pushrules registry_protection_repository_rules "
    "registry_protection_rules registry_repositories releases remote_mirrors repositories "
    "resource_groups resource_iteration_events resource_weight_events resourcelabelevents "
    "resourcemilestoneevents resourcestateevents reviewer_details runners saml_group_links "
    "secure_files service_accounts services shared_projects snippets starred_projects status "
    "status_checks statuses storage subgroups tags test_report test_report_summary triggers "
    "upcoming_jobs users variables wikis"
)
# The client's managers (`gl.projects`, `gl.users`).
_GITLAB_CLIENT_MANAGERS = (
    "appearance applications audit_events broadcastmessages bulk_import_entities bulk_imports ci_lint "
    "deploykeys deploytokens dockerfiles events features geonodes gitignores gitlabciymls groups hooks "
    "issues issues_statistics keys ldapgroups licenses member_roles mergerequests namespaces "
    "notificationsettings pagesdomains personal_access_tokens projects registry_repositories runners "
    "runners_all service_accounts settings sidekiq snippets statistics todos topics user_activities "
    "users variables"
)
_PYTHON_GITLAB = Library(
    "python-gitlab",
    AREA,
    "python-gitlab 8.x (8.6)",
    "`asyncio.to_thread()` around the call (its REST API is sync only); `gitlab.AsyncGraphQL` for GraphQL",
    calls=(
        # Both read the configuration files (and run the credential helper they may name).
        *calls("NB104", "gitlab.Gitlab", "from_config merge_config"),
        *calls(
            "NB102",
            "gitlab.Gitlab",
            "auth version markdown get_license set_license http_request http_head http_post http_put "
            "http_patch http_delete",
            _GITLAB_ASYNC,
        ),
        CallRule("gitlab.Gitlab.http_get", "NB102", _GITLAB_ASYNC, streams_with=("streamed", 2)),
        *calls("NB102", "gitlab.Gitlab", "http_list search", _GITLAB_ASYNC, streams_with=("iterator", 99)),
        CallRule("gitlab.GraphQL.execute", "NB102", "`gitlab.AsyncGraphQL` (`await gq.execute(query)`)"),
        CallRule(f"{_GITLAB_MANAGERS}.available", None),  # the integrations python-gitlab knows
        # No manager is callable: a call of one is an object's method named like another object's
        # manager (`mr.commits()`, `milestone.issues()`, `job.artifacts()`, `geo_node.status()`);
        # the first two give generators, fetched while iterated.
        CallRule(f"{_GITLAB_MANAGERS}.__call__", "NB102", _GITLAB_ASYNC, iterates=True),
        CallRule(f"{_GITLAB_MANAGERS}.get", "NB102", _GITLAB_ASYNC, unless_true=(("lazy", 99),)),
        *calls("NB102", _GITLAB_MANAGERS, _GITLAB_MANAGER_CALLS, _GITLAB_ASYNC),
        *calls(
            "NB102", _GITLAB_MANAGERS, _GITLAB_MANAGER_STREAMS, _GITLAB_ASYNC, streams_with=("iterator", 99)
        ),
        # Its data, as it came; `time_stats()` asks only an object that came without them (a lazy
        # one): an issue or a merge request fetched from the server has them.
        *calls(None, _GITLAB_OBJECTS, "asdict to_json pformat pprint get_id decode time_stats"),
        *calls("NB102", _GITLAB_OBJECTS, _GITLAB_OBJECT_CALLS, _GITLAB_ASYNC),
        *calls(
            "NB102", _GITLAB_OBJECTS, _GITLAB_OBJECT_STREAMS, _GITLAB_ASYNC, streams_with=("iterator", 99)
        ),
        *calls("NB102", _GITLAB_OBJECTS, _GITLAB_OBJECT_PAGED, _GITLAB_ASYNC, iterates=True),
    ),
    returns=(
        *constructors("gitlab.Gitlab gitlab.GraphQL"),
        Returns("gitlab.client.Gitlab", "gitlab.Gitlab"),
        Returns("gitlab.client.GraphQL", "gitlab.GraphQL"),
        *(Returns(f"gitlab.Gitlab.{name}", "gitlab.Gitlab") for name in ("from_config", "merge_config")),
        Returns("gitlab.Gitlab.user", _GITLAB_OBJECT, attribute=True),  # set by `auth()`
        *(
            Returns(f"gitlab.Gitlab.{name}", _GITLAB_MANAGER, attribute=True)
            for name in _GITLAB_CLIENT_MANAGERS.split()
        ),
        *(
            Returns(f"{_GITLAB_OBJECTS}.{name}", _GITLAB_MANAGER, attribute=True)
            for name in _GITLAB_OBJECT_MANAGERS.split()
        ),
        *(
            Returns(f"{_GITLAB_MANAGERS}.{name}", _GITLAB_OBJECT)
            for name in ("get", "create", "set", "latest", "exists", "upload", "set_approvers")
        ),
        *(
            Returns(f"{_GITLAB_MANAGERS}.{name}", _GITLAB_OBJECT, items=True)
            for name in ("list", "list_all", "list_public", "public", "all")
        ),
        # A call of a manager: `mr.commits()`, `milestone.issues()` (see `__call__` above).
        Returns(_GITLAB_MANAGERS, _GITLAB_OBJECT, items=True),
        *(
            Returns(f"{_GITLAB_OBJECTS}.{name}", _GITLAB_OBJECT, items=True)
            for name in _GITLAB_OBJECT_PAGED.split()
        ),
        Returns(f"{_GITLAB_OBJECTS}.trigger_pipeline", _GITLAB_OBJECT),
    ),
)


# --- Azure Blob Storage -------------------------------------------------------------------------

_AZURE_ASYNC = "`azure.storage.blob.aio` (the same clients, awaited)"
_AZ = "azure.storage.blob"
# Building a client, or a client for a container or blob, sends nothing; closing one does no I/O.
_AZURE_LOCAL = (
    "get_container_client get_blob_client from_connection_string from_container_url from_blob_url close"
)
_AZURE_CLIENTS = ("BlobServiceClient", "ContainerClient", "BlobClient")
_AZURE_STORAGE_BLOB = Library(
    "azure-storage-blob",
    AREA,
    "azure-storage-blob 12.x (12.31)",
    "`azure.storage.blob.aio.BlobServiceClient` / `ContainerClient` / `BlobClient`",
    calls=(
        *[rule for client in _AZURE_CLIENTS for rule in calls(None, f"{_AZ}.{client}", _AZURE_LOCAL)],
        *[
            CallRule(f"{_AZ}.{client}.{name}", "NB107", _AZURE_ASYNC, iterates=True)
            for client in ("BlobServiceClient", "ContainerClient")
            for name in (
                "list_containers",
                "list_blobs",
                "list_blob_names",
                "walk_blobs",
                "find_blobs_by_tags",
            )
        ],
        *[CallRule(f"{_AZ}.{client}.*", "NB107", _AZURE_ASYNC) for client in _AZURE_CLIENTS],
        # `download_blob()` returns a downloader that reads the content when asked.
        *calls(
            "NB107",
            f"{_AZ}.StorageStreamDownloader",
            "readall readinto read content_as_bytes content_as_text download_to_stream",
            _AZURE_ASYNC,
        ),
        *calls("NB107", f"{_AZ}.StorageStreamDownloader", "chunks", _AZURE_ASYNC, iterates=True),
    ),
    returns=(
        *constructors(" ".join(f"{_AZ}.{client}" for client in _AZURE_CLIENTS)),
        *[Returns(f"{_AZ}.{client}.from_*", f"{_AZ}.{client}") for client in _AZURE_CLIENTS],
        Returns(f"{_AZ}.*.get_container_client", f"{_AZ}.ContainerClient"),
        Returns(f"{_AZ}.*.get_blob_client", f"{_AZ}.BlobClient"),
        Returns(f"{_AZ}.*.download_blob", f"{_AZ}.StorageStreamDownloader"),
    ),
)

# --- Messaging ----------------------------------------------------------------------------------

_AIOKAFKA = "`aiokafka.AIOKafkaProducer` / `AIOKafkaConsumer`"
_KAFKA_PRODUCER = (
    "send flush close partitions_for init_transactions begin_transaction send_offsets_to_transaction "
    "commit_transaction abort_transaction bootstrap_connected"
)
_KAFKA_CONSUMER = (
    "poll commit committed position close topics partitions_for_topic offsets_for_times beginning_offsets "
    "end_offsets seek_to_beginning seek_to_end bootstrap_connected"
)
_KAFKA_PYTHON = Library(
    "kafka-python",
    AREA,
    "kafka-python 2.0 - 3.0",
    "`aiokafka` (`AIOKafkaProducer`, `AIOKafkaConsumer`)",
    calls=(
        # The constructors connect to the bootstrap servers; `send` waits for metadata and buffer space.
        *calls("NB107", "kafka", "KafkaProducer KafkaConsumer KafkaAdminClient", _AIOKAFKA),
        *calls("NB107", "kafka.KafkaProducer", _KAFKA_PRODUCER, _AIOKAFKA),
        *calls("NB107", "kafka.KafkaConsumer", _KAFKA_CONSUMER, _AIOKAFKA),
        CallRule("kafka.KafkaAdminClient.*", "NB107", "`aiokafka.admin.AIOKafkaAdminClient`"),
        # `producer.send(...).get()` waits for the broker's acknowledgement.
        *calls("NB107", "kafka.producer.future.FutureRecordMetadata", "get", _AIOKAFKA),
    ),
    returns=(
        *constructors("kafka.KafkaProducer kafka.KafkaConsumer kafka.KafkaAdminClient"),
        Returns("kafka.KafkaProducer.send", "kafka.producer.future.FutureRecordMetadata"),
    ),
)

# confluent-kafka's clients wrap librdkafka, which connects and sends from its own threads: building a
# client, `produce()` (it queues the message, and raises `BufferError` when the queue is full rather
# than wait) and the admin requests (they return futures) do not wait. What waits is serving the
# queue (`poll`, up to its timeout, infinite by default; `poll(0)` returns at once), `flush`, the
# transactions, the metadata and offset requests, and closing (a producer flushes, a consumer
# commits and leaves its group). `confluent_kafka.aio` holds the async clients. Not listed: a
# consumer's `commit`, asynchronous unless given `asynchronous=False` (a false constant that makes a
# call wait is not something a row can say), and a `SerializingProducer`'s `produce`, whose
# serializers ask the schema registry over HTTP only the first time they see a subject.
_CK = "confluent_kafka"
_CK_AT_ONCE = (("timeout", 0),)
# Each producer with its async counterpart.
_CK_PRODUCERS = {
    f"{_CK}.{sync}": f"`confluent_kafka.aio.{aio}` (the same methods, awaited)"
    for sync, aio in (("Producer", "AIOProducer"), ("SerializingProducer", "AsyncSerializingProducer"))
}
_CK_CONSUMER = f"{_CK}.Consumer"
_CK_AIO_CONSUMER = (
    "`confluent_kafka.aio.AIOConsumer` or `AsyncDeserializingConsumer` (the same methods, awaited)"
)
_CK_SHARE_CONSUMER = f"{_CK}.ShareConsumer"
_CK_ADMIN = f"{_CK}.admin.AdminClient"
_CK_ADMIN_FUTURES = (
    "create_topics delete_topics create_partitions describe_configs alter_configs incremental_alter_configs "
    "create_acls describe_acls delete_acls list_consumer_groups describe_consumer_groups describe_topics "
    "describe_cluster delete_consumer_groups list_consumer_group_offsets alter_consumer_group_offsets "
    "describe_user_scram_credentials alter_user_scram_credentials list_offsets delete_records elect_leaders"
)
# Those that give one future rather than a dict of them.
_CK_ADMIN_FUTURE = "describe_acls list_consumer_groups describe_cluster elect_leaders"
_CONFLUENT_KAFKA = Library(
    "confluent-kafka",
    AREA,
    "confluent-kafka 2.x (2.16)",
    "`confluent_kafka.aio.AIOProducer` / `AIOConsumer` (the same methods, awaited); "
    "`asyncio.wrap_future()` for the admin client's futures",
    calls=(
        *calls(None, f"{_CK}.Producer", "produce produce_batch"),
        *(
            rule
            for producer, replacement in _CK_PRODUCERS.items()
            for rule in (
                *calls("NB107", producer, "poll flush", replacement, unless=_CK_AT_ONCE),
                *calls(
                    "NB107",
                    producer,
                    "init_transactions commit_transaction abort_transaction send_offsets_to_transaction "
                    "list_topics cluster_id close",
                    replacement,
                ),
            )
        ),
        *calls("NB107", _CK_CONSUMER, "poll", _CK_AIO_CONSUMER, unless=_CK_AT_ONCE),
        *calls("NB107", _CK_CONSUMER, "consume", _CK_AIO_CONSUMER, unless=(("timeout", 1),)),
        # With `cached=True` the offsets are those the client already knows.
        *calls(
            "NB107", _CK_CONSUMER, "get_watermark_offsets", _CK_AIO_CONSUMER, unless_true=(("cached", 2),)
        ),
        *calls(
            "NB107",
            _CK_CONSUMER,
            "committed offsets_for_times list_topics cluster_id close",
            _CK_AIO_CONSUMER,
        ),
        *calls("NB107", _CK_SHARE_CONSUMER, "poll", unless=_CK_AT_ONCE),
        *calls("NB107", _CK_SHARE_CONSUMER, "commit_sync close"),
        *calls(None, _CK_ADMIN, _CK_ADMIN_FUTURES),
        *calls("NB107", _CK_ADMIN, "poll", unless=_CK_AT_ONCE),
        *calls("NB107", _CK_ADMIN, "list_topics list_groups cluster_id"),
    ),
    returns=(
        *constructors(" ".join((*_CK_PRODUCERS, _CK_CONSUMER, _CK_SHARE_CONSUMER, _CK_ADMIN))),
        *(
            Returns(f"{_CK}.cimpl.{name}", f"{_CK}.{name}")
            for name in ("Producer", "Consumer", "ShareConsumer")
        ),
        Returns(f"{_CK}.serializing_producer.SerializingProducer", f"{_CK}.SerializingProducer"),
        # A deserializing consumer is a consumer whose `poll` deserializes what it gives.
        *(
            Returns(name, _CK_CONSUMER)
            for name in (
                f"{_CK}.DeserializingConsumer",
                f"{_CK}.deserializing_consumer.DeserializingConsumer",
            )
        ),
        *(Returns(f"{_CK_ADMIN}.{name}", "concurrent.futures.Future") for name in _CK_ADMIN_FUTURE.split()),
    ),
)

_AIO_PIKA = "`aio-pika`"
_PIKA_CONNECTION_LOCAL = (
    "add_callback_threadsafe add_on_connection_blocked_callback add_on_connection_unblocked_callback "
    "call_later remove_timeout is_closed is_open"
)
_PIKA_CHANNEL_LOCAL = (
    "add_on_cancel_callback add_on_return_callback get_waiting_message_count is_closed is_open"
)
_PIKA = Library(
    "pika",
    AREA,
    "pika 1.3 - 1.4",
    "`aio-pika` (or pika's `AsyncioConnection` adapter)",
    calls=(
        # `BlockingConnection(...)` connects; every channel method is a round trip to the broker.
        *calls("NB107", "pika", "BlockingConnection", _AIO_PIKA),
        *calls(None, "pika.**.BlockingConnection", _PIKA_CONNECTION_LOCAL),
        CallRule("pika.**.BlockingConnection.*", "NB107", _AIO_PIKA),
        *calls(None, "pika.**.BlockingChannel", _PIKA_CHANNEL_LOCAL),
        *calls("NB107", "pika.**.BlockingChannel", "consume", _AIO_PIKA, iterates=True),
        CallRule("pika.**.BlockingChannel.*", "NB107", _AIO_PIKA),
    ),
    returns=(
        Returns("pika.BlockingConnection"),
        Returns("pika.adapters.blocking_connection.BlockingConnection", "pika.BlockingConnection"),
        Returns("pika.**.BlockingConnection.channel", "pika.BlockingChannel"),
    ),
)

# Celery has no asyncio API. A result's state is read from the result backend, its `get()` polls
# that backend until the task ends, and the control commands go through the broker (`ping()` and
# the inspections then wait for the workers' replies, a second by default). A function decorated
# with `@app.task` or `@shared_task` is a task: `delay()` and `apply_async()` send it to the broker
# and give its `AsyncResult`.
_CELERY_WAIT = (
    "`asyncio.to_thread()` with a timeout, or `ready()` in a thread between `await asyncio.sleep()`s"
)
_CELERY_RESULT_SETS = ("celery.result.ResultSet", "celery.result.GroupResult")
# Signatures (`send_report.s(day)`) and the canvas built of them are sent like a task; a group
# gives a `GroupResult`, the others an `AsyncResult`. Calling a group, a chain or a chord
# (`chord(header)(body)`) sends it too; calling a signature runs its task here, in this process.
_CELERY_CANVAS = (
    "celery.canvas.Signature",
    "celery.canvas.group",
    "celery.canvas._chain",
    "celery.canvas._chord",
)
_CELERY_CANVAS_BUILDERS = (
    ("celery.signature", "celery.canvas.Signature"),
    ("celery.canvas.signature", "celery.canvas.Signature"),
    ("celery.group", "celery.canvas.group"),
    ("celery.canvas.group", "celery.canvas.group"),
    ("celery.chain", "celery.canvas._chain"),
    ("celery.canvas.chain", "celery.canvas._chain"),
    ("celery.chord", "celery.canvas._chord"),
    ("celery.canvas.chord", "celery.canvas._chord"),
    ("celery.app.task.Task.s", "celery.canvas.Signature"),
    ("celery.app.task.Task.si", "celery.canvas.Signature"),
    ("celery.app.task.Task.signature", "celery.canvas.Signature"),
)
_CELERY_CONTROL = (
    "ping purge revoke terminate rate_limit add_consumer cancel_consumer time_limit enable_events "
    "disable_events pool_grow pool_shrink autoscale shutdown pool_restart heartbeat broadcast election"
)
_CELERY_INSPECT = (
    "report clock active scheduled reserved stats revoked registered ping active_queues query_task conf "
    "memsample memdump objgraph"
)
_CELERY = Library(
    "celery",
    AREA,
    "celery 5.2 - 5.7",
    "`asyncio.to_thread()` around the call (Celery has no asyncio API)",
    calls=(
        *calls("NB109", "celery.result.AsyncResult", "get wait", _CELERY_WAIT),
        *calls("NB109", "celery.result.AsyncResult", "collect", _CELERY_WAIT, iterates=True),
        *calls("NB107", "celery.result.AsyncResult", "ready successful failed exists forget revoke"),
        *[
            rule
            for cls in _CELERY_RESULT_SETS
            for rule in (
                *calls("NB109", cls, "get join join_native", _CELERY_WAIT),
                *calls("NB109", cls, "iter_native", _CELERY_WAIT, iterates=True),
                *calls("NB107", cls, "ready successful failed waiting completed_count forget revoke"),
            )
        ],
        *calls("NB107", "celery.result.GroupResult", "save delete restore"),
        CallRule("celery.Celery.send_task", "NB107"),
        *calls("NB107", "celery.app.task.Task", "delay apply_async"),
        *[rule for canvas in _CELERY_CANVAS for rule in calls("NB107", canvas, "delay apply_async")],
        *[CallRule(f"{canvas}.__call__", "NB107") for canvas in _CELERY_CANVAS[1:]],
        *calls("NB107", "celery.Celery.control", _CELERY_CONTROL),
        *calls("NB107", "celery.app.control.Inspect", _CELERY_INSPECT),
    ),
    returns=(
        Returns("celery.Celery"),
        Returns("celery.result.AsyncResult"),
        Returns("celery.Celery.AsyncResult", "celery.result.AsyncResult"),
        Returns("celery.Celery.send_task", "celery.result.AsyncResult"),
        *[
            Returns(decorator, "celery.app.task.Task", decorator=True)
            for decorator in ("celery.Celery.task", "celery.shared_task", "celery.app.shared_task")
        ],
        *[
            Returns(f"celery.app.task.Task.{send}", "celery.result.AsyncResult")
            for send in ("delay", "apply_async")
        ],
        *constructors("celery.result.ResultSet celery.result.GroupResult"),
        Returns("celery.Celery.GroupResult", "celery.result.GroupResult"),
        Returns("celery.result.GroupResult.restore", "celery.result.GroupResult"),
        Returns("celery.Celery.control.inspect", "celery.app.control.Inspect"),
        *[Returns(builder, canvas) for builder, canvas in _CELERY_CANVAS_BUILDERS],
        *[
            Returns(
                f"{canvas}.{send}",
                "celery.result.GroupResult"
                if canvas == "celery.canvas.group"
                else "celery.result.AsyncResult",
            )
            for canvas in _CELERY_CANVAS
            for send in ("delay", "apply_async", "__call__")
            if (canvas, send) != (_CELERY_CANVAS[0], "__call__")
        ],
    ),
)

_ASYNCSSH = "`asyncssh`"
_PARAMIKO = Library(
    "paramiko",
    AREA,
    "paramiko 3.x - 5.1",
    "`asyncssh`",
    calls=(
        *calls("NB107", "paramiko.SSHClient", "connect exec_command invoke_shell open_sftp", _ASYNCSSH),
        # A transport built from an address connects its socket in the constructor.
        *calls("NB107", "paramiko", "Transport", _ASYNCSSH),
        *calls(
            "NB107",
            "paramiko.Transport",
            "connect start_client auth_password auth_publickey open_session open_sftp_client",
            _ASYNCSSH,
        ),
        *calls("NB107", "paramiko.SFTPClient", "from_transport", _ASYNCSSH),
        *calls(None, "paramiko.SFTPClient", "get_channel close"),
        CallRule("paramiko.SFTPClient.*", "NB107", "`asyncssh` SFTP"),
        *calls("NB107", "paramiko.Channel", "recv recv_exit_status send sendall exec_command", _ASYNCSSH),
    ),
    returns=(
        Returns("paramiko.SSHClient"),
        Returns("paramiko.client.SSHClient", "paramiko.SSHClient"),
        Returns("paramiko.Transport"),
        Returns("paramiko.SSHClient.get_transport", "paramiko.Transport"),
        Returns("paramiko.SSHClient.open_sftp", "paramiko.SFTPClient"),
        Returns("paramiko.SFTPClient.from_transport", "paramiko.SFTPClient"),
        Returns("paramiko.SFTP", "paramiko.SFTPClient"),
        Returns("paramiko.Transport.open_session", "paramiko.Channel"),
    ),
)

_SMTPLIB = Library(
    "smtplib",
    AREA,
    "Python 3.9 - 3.14",
    "`aiosmtplib`",
    calls=(
        # The constructors connect when given a host. Named one by one: `smtplib.SMTP*` would also
        # match the exceptions (`SMTPRecipientsRefused`).
        *calls("NB107", "smtplib", "SMTP SMTP_SSL LMTP", "`aiosmtplib`", only_with=("host", 0)),
        CallRule("smtplib.*.set_debuglevel", None),
        CallRule("smtplib.*.*", "NB107", "`aiosmtplib`"),
    ),
    returns=tuple(constructors("smtplib.SMTP smtplib.SMTP_SSL smtplib.LMTP")),
)

_FTPLIB = Library(
    "ftplib",
    AREA,
    "Python 3.9 - 3.14",
    "`aioftp`",
    calls=(
        CallRule("ftplib.FTP*", "NB107", "`aioftp`", only_with=("host", 0)),  # connects given a host
        CallRule("ftplib.*.set_debuglevel", None),
        CallRule("ftplib.*.set_pasv", None),
        CallRule("ftplib.*.*", "NB107", "`aioftp`"),
    ),
    returns=tuple(constructors("ftplib.FTP ftplib.FTP_TLS")),
)

# Building a client asks the daemon its API version (`GET /version`) unless given one; every
# method of the client, of its collections (`client.containers.get()`) and of the objects they
# give back (`container.exec_run()`) is a request to the daemon.
_DOCKER_CLIENTS = ("docker.DockerClient", "docker.client.DockerClient")
_DOCKER_API = ("docker.APIClient", "docker.api.APIClient", "docker.api.client.APIClient")
_DOCKER_CONTAINER = "docker.models.containers.Container"
_DOCKER = Library(
    "docker",
    AREA,
    "docker 6.0 - 7.2",
    "`aiodocker`, or `asyncio.to_thread()` around the call",
    calls=(
        *(CallRule(f"{client}.close", None) for client in (*_DOCKER_CLIENTS, *_DOCKER_API)),
        *(CallRule(name, "NB107") for name in ("docker.from_env", "docker.client.from_env")),
        *(
            CallRule(f"{client}{member}", "NB107")
            for client in _DOCKER_CLIENTS
            for member in ("", ".from_env", ".*", ".*.*")
        ),
        *(CallRule(f"{client}{member}", "NB107") for client in _DOCKER_API for member in ("", ".*")),
        CallRule(f"{_DOCKER_CONTAINER}.*", "NB107"),
        CallRule("docker.models.images.Image.*", "NB107"),
    ),
    returns=(
        *(Returns(name, "docker.DockerClient") for name in ("docker.from_env", "docker.client.from_env")),
        *(Returns(client, "docker.DockerClient") for client in _DOCKER_CLIENTS),
        *(Returns(f"{client}.from_env", "docker.DockerClient") for client in _DOCKER_CLIENTS),
        *(Returns(client, "docker.APIClient") for client in _DOCKER_API),
        *(
            Returns(f"docker.DockerClient.containers.{method}", _DOCKER_CONTAINER)
            for method in ("get", "run", "create")
        ),
        Returns("docker.models.containers.Container"),
        *(
            Returns(f"docker.DockerClient.images.{method}", "docker.models.images.Image")
            for method in ("get", "pull")
        ),
    ),
)

# websocket-client's socket is a plain blocking one: connecting, sending and receiving wait.
_WEBSOCKET_CLIENT = Library(
    "websocket-client",
    AREA,
    "websocket-client 1.x",
    "`websockets.asyncio.client.connect()` or `aiohttp`'s `ws_connect()`",
    calls=(
        CallRule("websocket.create_connection", "NB107", "`websockets.asyncio.client.connect()`"),
        *calls(
            "NB107",
            "websocket.WebSocket",
            "connect send send_text send_bytes send_binary send_frame recv recv_data recv_frame ping pong"
            " send_close close",
            "`websockets.asyncio.client.connect()`",
        ),
        CallRule("websocket.WebSocketApp.run_forever", "NB107", "`websockets.asyncio.client.connect()`"),
    ),
    returns=(
        Returns("websocket.create_connection", "websocket.WebSocket"),
        Returns("websocket.WebSocket"),
        Returns("websocket.WebSocketApp"),
    ),
)

# The Kubernetes client: every operation of its generated API classes (`CoreV1Api`, `AppsV1Api`,
# `CustomObjectsApi`, ...) sends a request with urllib3, unless `async_req=True` hands it to the
# client's thread pool (the result's `get()` then waits); the config loaders read the kube config
# or the service account's token and certificate files. kubernetes_asyncio has the same API as
# coroutines, but for two loaders that stayed plain functions.
_KUBERNETES_ASYNC = "`kubernetes_asyncio` (the same API, awaited)"
_KUBERNETES_CONFIG = "`asyncio.to_thread()`, or the config loaded before the loop starts"
_KUBERNETES = Library(
    "kubernetes",
    AREA,
    "kubernetes 30 - 37 (37.0 read in its source), kubernetes_asyncio 36",
    "`kubernetes_asyncio`, whose API methods are coroutines; the config loaded before the loop starts",
    calls=(
        *calls(None, "kubernetes.client.**.*Api", "__enter__ __exit__ close"),
        CallRule("kubernetes.client.**.*Api.*", "NB102", _KUBERNETES_ASYNC, unless_true=(("async_req", 99),)),
        *calls("NB102", "kubernetes.client.**.ApiClient", "call_api request", _KUBERNETES_ASYNC),
        CallRule("kubernetes.watch.**.Watch.stream", "NB102", _KUBERNETES_ASYNC, iterates=True),
        *calls("NB102", "kubernetes.stream.**", "stream portforward", _KUBERNETES_ASYNC),
        *calls(
            "NB104",
            "kubernetes.config.**",
            "load_config load_kube_config load_kube_config_from_dict load_incluster_config "
            "list_kube_config_contexts new_client_from_config",
            _KUBERNETES_CONFIG,
        ),
        *calls(
            "NB104",
            "kubernetes_asyncio.config.**",
            "load_incluster_config list_kube_config_contexts",
            _KUBERNETES_CONFIG,
        ),
    ),
    returns=(
        Returns("kubernetes.client.**.*Api"),
        Returns("kubernetes.client.**.ApiClient"),
        Returns("kubernetes.watch.**.Watch"),
    ),
)

LIBRARIES: tuple[Library, ...] = (
    _BOTO3,
    _BEDROCK_AGENTCORE,
    _GOOGLE_CLOUD_STORAGE,
    _GOOGLE_API_PYTHON_CLIENT,
    _SUPABASE,
    _MINIO,
    _S3FS,
    _SLACK_SDK,
    _STRIPE,
    _TWILIO,
    _RESEND,
    _PYGITHUB,
    _PYTHON_GITLAB,
    _AZURE_STORAGE_BLOB,
    _KAFKA_PYTHON,
    _CONFLUENT_KAFKA,
    _PIKA,
    _CELERY,
    _PARAMIKO,
    _SMTPLIB,
    _FTPLIB,
    _DOCKER,
    _KUBERNETES,
    _WEBSOCKET_CLIENT,
)
