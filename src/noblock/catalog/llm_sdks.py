"""LLM provider SDKs: OpenAI, Anthropic, LiteLLM, Cohere, Mistral, Google GenAI, Groq, Ollama, Hugging Face
(`InferenceClient`), Zhipu, DashScope, Cerebras, Together, Fireworks, Voyage, ElevenLabs."""

from __future__ import annotations

from noblock.catalog import CallRule, Library, Returns, calls, constructors

AREA = "LLM SDKs"

# Stainless-generated clients (OpenAI, Anthropic, Groq) share a shape: resources hang off the client
# (`client.chat.completions.create`), and `with_options()` / `copy()` return a configured copy.
_COPIES = ("with_options", "copy")
# A resource is a public attribute of the client: `client._client` is its HTTP transport, not a resource.
_RESOURCE = "[!_]*"
# `create(..., stream=True)` returns a stream that reads the answer as it is iterated.
_STREAM = ("stream", 99)


def _stainless(
    name: str,
    versions: str,
    clients: tuple[str, ...],
    async_client: str,
    aliases: tuple[tuple[str, str], ...] = (),
    extra: tuple[CallRule, ...] = (),
    exceptions: tuple[str, ...] = (),
) -> Library:
    """A library whose sync clients send a request for every resource method (two or more names deep).

    `exceptions` are patterns under a client that do not block (rows placed before the wildcard)."""
    replacement = f"`{async_client}` (the same methods, awaited)"
    return Library(
        name,
        AREA,
        versions,
        replacement,
        calls=(
            *[CallRule(f"{client}.{pattern}", None) for client in clients for pattern in exceptions],
            *[
                CallRule(f"{client}.{_RESOURCE}.**", "NB108", replacement, streams_with=_STREAM)
                for client in clients
            ],
            *extra,
        ),
        returns=(
            *[Returns(client) for client in clients],
            *[Returns(alias, target) for alias, target in aliases],
            *[Returns(f"{client}.{copy}") for client in clients for copy in _COPIES],
        ),
    )


_OPENAI_MODULE_RESOURCES = (
    "chat completions embeddings responses images audio moderations files models batches "
    "fine_tuning beta uploads vector_stores"
)
_OPENAI = _stainless(
    "openai",
    "openai 1.x - 3.57",
    ("openai.OpenAI", "openai.AzureOpenAI"),
    "openai.AsyncOpenAI",
    aliases=(("openai.lib.azure.AzureOpenAI", "openai.AzureOpenAI"),),
    # `openai.chat.completions.create(...)` uses the module-level client.
    extra=tuple(
        CallRule(f"openai.{resource}.**", "NB108", "`openai.AsyncOpenAI`", streams_with=_STREAM)
        for resource in _OPENAI_MODULE_RESOURCES.split()
    ),
)

_ANTHROPIC = _stainless(
    "anthropic",
    "anthropic 0.40 - 2.14",
    (
        "anthropic.Anthropic",
        "anthropic.AnthropicBedrock",
        "anthropic.AnthropicVertex",
        "anthropic.AnthropicFoundry",
    ),
    "anthropic.AsyncAnthropic",
)

_GROQ = _stainless("groq", "groq 0.9 - 1.7", ("groq.Groq",), "groq.AsyncGroq")

_CEREBRAS = _stainless(
    "cerebras-cloud-sdk",
    "cerebras-cloud-sdk 1.x - 1.91",
    ("cerebras.cloud.sdk.Cerebras",),
    "cerebras.cloud.sdk.AsyncCerebras",
    aliases=(("cerebras.cloud.sdk.Client", "cerebras.cloud.sdk.Cerebras"),),
)

_TOGETHER = _stainless(
    "together",
    "together 1.x - 3.1",
    ("together.Together",),
    "together.AsyncTogether",
    aliases=(("together.Client", "together.Together"),),
)

# Fireworks 1.x keeps 0.x's `acreate()`, which returns an awaitable, beside the sync `create()`.
_FIREWORKS = _stainless(
    "fireworks-ai",
    "fireworks-ai 1.x - 1.2",
    ("fireworks.Fireworks",),
    "fireworks.AsyncFireworks",
    aliases=(("fireworks.client.Fireworks", "fireworks.Fireworks"),),
    exceptions=("**.acreate",),
)

# LiteLLM's functions each have an `a`-prefixed twin with the same arguments; with `stream=True` the twin
# returns an async iterator, so the twin is used only with `prefer-async-twin`.
_LITELLM_FUNCTIONS = (
    "completion embedding text_completion image_generation transcription speech moderation rerank responses "
    "completion_with_retries responses_with_retries adapter_completion"
)
_LITELLM_ROUTER = (
    "completion embedding text_completion image_generation transcription speech moderation rerank responses"
)
_LITELLM = Library(
    "litellm",
    AREA,
    "litellm 1.40 - 1.110",
    "`litellm.acompletion()`, `litellm.aembedding()`, ... (same arguments, awaited); `Router.acompletion()`",
    calls=(
        *[
            CallRule(
                f"litellm.{name}",
                "NB108",
                f"`await litellm.a{name}()`",
                twin=f"litellm.a{name}",
                streams_with=_STREAM,
            )
            for name in _LITELLM_FUNCTIONS.split()
        ],
        CallRule("litellm.batch_completion", "NB108", "`asyncio.gather()` over `litellm.acompletion()`"),
        *[
            CallRule(
                f"litellm.Router.{name}",
                "NB108",
                f"`await {{receiver}}.a{name}()`",
                twin=f"a{name}",
                streams_with=_STREAM,
            )
            for name in _LITELLM_ROUTER.split()
        ],
    ),
    returns=(Returns("litellm.Router"), Returns("litellm.router.Router", "litellm.Router")),
)

_COHERE_CLIENTS = (
    "Client",
    "ClientV2",
    "BedrockClient",
    "BedrockClientV2",
    "SagemakerClient",
    "SagemakerClientV2",
)
_COHERE_ASYNC = "`cohere.AsyncClientV2` / `cohere.AsyncClient` (the same methods, awaited)"
_COHERE = Library(
    "cohere",
    AREA,
    "cohere 5.x - 7.3",
    "`cohere.AsyncClientV2` / `cohere.AsyncClient` (the same methods, awaited)",
    calls=(
        *[
            rule
            for client in _COHERE_CLIENTS
            for rule in (
                *calls(
                    "NB108", f"cohere.{client}", "chat_stream generate_stream", _COHERE_ASYNC, iterates=True
                ),
                CallRule(f"cohere.{client}.**", "NB108", _COHERE_ASYNC),
            )
        ],
    ),
    returns=tuple(Returns(f"cohere.{client}") for client in _COHERE_CLIENTS),
)

# Every method of Mistral's client has an `_async` twin with the same arguments on the same object.
_MISTRAL_TWINS = (
    "chat.complete chat.parse embeddings.create fim.complete agents.complete classifiers.moderate "
    "classifiers.moderate_chat classifiers.classify ocr.process models.list models.retrieve files.upload "
    "files.retrieve files.list files.delete files.download"
)
_MISTRAL_STREAMS = "chat.stream fim.stream agents.stream"
_MISTRAL_CLIENTS = ("mistralai.Mistral", "mistralai.client.Mistral")
_MISTRAL_ASYNC = "the method's `_async` twin (`await client.chat.complete_async()`)"
_MISTRALAI = Library(
    "mistralai",
    AREA,
    "mistralai 1.x - 3.7",
    "the `_async` twin of each method (`await client.chat.complete_async(...)`)",
    calls=(
        *[
            CallRule(
                f"{client}.{method}",
                "NB108",
                f"`await {{receiver}}.{method.rsplit('.', 1)[1]}_async()`",
                twin=f"{method.rsplit('.', 1)[1]}_async",
            )
            for client in _MISTRAL_CLIENTS
            for method in _MISTRAL_TWINS.split()
        ],
        # Streams are awaited and then iterated (`async for c in await ...stream_async()`).
        *[
            CallRule(f"{client}.{method}", "NB108", _MISTRAL_ASYNC, iterates=True)
            for client in _MISTRAL_CLIENTS
            for method in _MISTRAL_STREAMS.split()
        ],
        # The twins themselves (`chat.complete_async()`) give a coroutine: calling one does not wait.
        *[CallRule(f"{client}.{_RESOURCE}.**.*_async", None) for client in _MISTRAL_CLIENTS],
        *[CallRule(f"{client}.{_RESOURCE}.**", "NB108", _MISTRAL_ASYNC) for client in _MISTRAL_CLIENTS],
    ),
    returns=(
        *[Returns(client, "mistralai.Mistral") for client in _MISTRAL_CLIENTS],
        Returns("mistralai.client.sdk.Mistral", "mistralai.Mistral"),
    ),
)

_GENAI_ASYNC = "`client.aio` (`await client.aio.models.generate_content(...)`)"
_GOOGLE_GENAI = Library(
    "google-genai",
    AREA,
    "google-genai 1.x - 3.6",
    "`client.aio`: the same resources, awaited (`await client.aio.models.generate_content(...)`)",
    calls=(
        # `client.aio` is the async client; `client.chats.create()` only builds a chat session.
        CallRule("google.genai.Client.aio.**", None),
        CallRule("google.genai.Client.chats.create", None),
        CallRule("google.genai.Client.close", None),
        *calls(
            "NB108",
            "google.genai.Client.models",
            "generate_content_stream generate_images_stream",
            _GENAI_ASYNC,
            iterates=True,
        ),
        CallRule(f"google.genai.Client.{_RESOURCE}.**", "NB108", _GENAI_ASYNC),
        *calls("NB108", "google.genai.chats.Chat", "send_message", "`client.aio.chats`"),
        *calls(
            "NB108", "google.genai.chats.Chat", "send_message_stream", "`client.aio.chats`", iterates=True
        ),
    ),
    returns=(
        Returns("google.genai.Client"),
        Returns("google.genai.client.Client", "google.genai.Client"),
        Returns("google.genai.Client.chats.create", "google.genai.chats.Chat"),
    ),
)

# The deprecated `google-generativeai` names its twins with an `_async` suffix.
_GENERATIVEAI = "google.generativeai"
_GOOGLE_GENERATIVEAI = Library(
    "google-generativeai",
    AREA,
    "google-generativeai 0.8 (deprecated in favour of google-genai)",
    "the `_async` twins (`await model.generate_content_async(...)`)",
    calls=(
        *[
            CallRule(f"{owner}.{name}", "NB108", f"`await {{receiver}}.{name}_async()`", twin=f"{name}_async")
            for owner, names in (
                (f"{_GENERATIVEAI}.GenerativeModel", "generate_content count_tokens"),
                (f"{_GENERATIVEAI}.ChatSession", "send_message"),
            )
            for name in names.split()
        ],
        *[
            CallRule(
                f"{_GENERATIVEAI}.{name}",
                "NB108",
                f"`await {_GENERATIVEAI}.{name}_async()`",
                twin=f"{_GENERATIVEAI}.{name}_async",
            )
            for name in ("embed_content",)
        ],
    ),
    returns=(
        Returns(f"{_GENERATIVEAI}.GenerativeModel"),
        Returns(f"{_GENERATIVEAI}.GenerativeModel.start_chat", f"{_GENERATIVEAI}.ChatSession"),
    ),
)

_OLLAMA_API = "chat generate embed embeddings pull push create delete list copy show ps"
_OLLAMA_ASYNC = "`ollama.AsyncClient` (the same methods, awaited)"
_OLLAMA = Library(
    "ollama",
    AREA,
    "ollama 0.3 - 0.6",
    "`ollama.AsyncClient` (the same methods, awaited)",
    calls=(
        # The module functions call a default client.
        *calls("NB108", "ollama", _OLLAMA_API, _OLLAMA_ASYNC, streams_with=_STREAM),
        *calls("NB108", "ollama.Client", _OLLAMA_API, _OLLAMA_ASYNC, streams_with=_STREAM),
    ),
    returns=(Returns("ollama.Client"),),
)

_HF_ASYNC = "`huggingface_hub.AsyncInferenceClient` (the same methods, awaited)"
# The Hub's API: every method of `HfApi` sends requests (read in huggingface_hub 2.4), but
# `run_as_future()`, which hands the call to a thread; the package's functions of the same names
# are the methods of a default `HfApi()`. These give pages as they are iterated.
_HF_PAGES = (
    "fetch_job_logs fetch_job_metrics fetch_space_logs get_bucket_paths_info get_repo_discussions "
    "list_accepted_access_requests list_bucket_tree list_buckets list_collections "
    "list_daily_papers list_datasets list_jobs list_lfs_files list_models "
    "list_organization_followers list_organization_members list_papers "
    "list_pending_access_requests list_rejected_access_requests list_repo_likers list_repo_tree "
    "list_spaces list_user_followers list_user_following list_user_repos search_spaces"
)
# The other methods the package exports as functions (`huggingface_hub.model_info(...)`).
_HF_FUNCTIONS = (
    "accept_access_request add_collection_item add_space_secret add_space_variable auth_check "
    "batch_bucket_files bucket_info cancel_access_request cancel_job change_discussion_status "
    "comment_discussion copy_files create_branch create_bucket create_collection create_commit "
    "create_discussion create_inference_endpoint create_inference_endpoint_from_catalog "
    "create_pull_request create_repo create_scheduled_job create_scheduled_uv_job create_tag "
    "create_webhook dataset_info delete_branch delete_bucket delete_collection "
    "delete_collection_item delete_file delete_files delete_folder delete_inference_endpoint "
    "delete_repo delete_scheduled_job delete_space_secret delete_space_variable "
    "delete_space_volumes delete_tag delete_webhook disable_space_dev_mode disable_webhook "
    "download_bucket_files duplicate_repo edit_discussion_comment enable_space_dev_mode "
    "enable_webhook file_exists get_bucket_file_metadata get_collection get_dataset_leaderboard "
    "get_dataset_tags get_discussion_details get_full_repo_name get_inference_endpoint "
    "get_model_tags get_organization_overview get_paths_info get_safetensors_metadata "
    "get_sharded_safetensors_metadata get_space_runtime get_space_secrets get_space_variables "
    "get_user_overview get_webhook get_zero_gpu_quota grant_access inspect_job "
    "inspect_scheduled_job kernel_info list_dataset_parquet_files list_inference_catalog "
    "list_inference_endpoints list_inference_endpoints_hardware list_jobs_hardware "
    "list_liked_repos list_repo_commits list_repo_files list_repo_refs list_scheduled_jobs "
    "list_space_templates list_spaces_hardware list_webhooks merge_pull_request model_info "
    "move_bucket move_repo paper_info parse_safetensors_file_metadata pause_inference_endpoint "
    "pause_space permanently_delete_lfs_files preupload_lfs_files read_paper "
    "reject_access_request rename_discussion repo_exists repo_info request_space_hardware "
    "rerun_job resolve_revision restart_space resume_inference_endpoint resume_scheduled_job "
    "revision_exists run_job run_uv_job scale_to_zero_inference_endpoint set_space_sleep_time "
    "set_space_volumes space_info super_squash_history suspend_scheduled_job sync_bucket "
    "sync_job_volume trigger_scheduled_job unlike update_bucket_settings update_collection_item "
    "update_collection_metadata update_collection_resource_group update_inference_endpoint "
    "update_job_expose update_job_labels update_repo_settings update_scheduled_job_labels "
    "update_scheduled_job_schedule update_webhook upload_attachment upload_file upload_folder "
    "verify_repo_checksums wait_for_job wait_for_space whoami"
)
_HUGGINGFACE_HUB = Library(
    "huggingface-hub",
    AREA,
    "huggingface_hub 0.24 - 2.4",
    "`huggingface_hub.AsyncInferenceClient`; downloads in `asyncio.to_thread()`",
    calls=(
        CallRule("huggingface_hub.InferenceClient.**", "NB108", _HF_ASYNC, streams_with=_STREAM),
        *calls("NB102", "huggingface_hub", "hf_hub_download snapshot_download", "`asyncio.to_thread()`"),
        CallRule("huggingface_hub.HfApi.run_as_future", None),
        *calls("NB102", "huggingface_hub.HfApi", _HF_PAGES, "`asyncio.to_thread(list, ...)`", iterates=True),
        CallRule("huggingface_hub.HfApi.[a-z]*", "NB102", "`asyncio.to_thread()`"),
        *calls("NB102", "huggingface_hub", _HF_PAGES, "`asyncio.to_thread(list, ...)`", iterates=True),
        *calls("NB102", "huggingface_hub", _HF_FUNCTIONS, "`asyncio.to_thread()`"),
    ),
    returns=(
        Returns("huggingface_hub.HfApi"),
        Returns("huggingface_hub.hf_api.HfApi", "huggingface_hub.HfApi"),
        Returns("huggingface_hub.InferenceClient"),
        Returns("huggingface_hub.inference._client.InferenceClient", "huggingface_hub.InferenceClient"),
    ),
)

# Zhipu's SDK has no async client: its `asyncCompletions` resource submits a job and is as
# synchronous as the rest.
_ZHIPUAI = Library(
    "zhipuai",
    AREA,
    "zhipuai 2.0 - 2.1",
    "`asyncio.to_thread()` around the call, or its OpenAI-compatible endpoint with `openai.AsyncOpenAI`",
    calls=(CallRule(f"zhipuai.ZhipuAI.{_RESOURCE}.**", "NB108", streams_with=_STREAM),),
    returns=(Returns("zhipuai.ZhipuAI"),),
)

# DashScope (Alibaba Cloud's Qwen models): the 1.x API's classes send a request from a class method
# (`Generation.call(model=..., messages=...)`), some through a job they then poll (`async_call`,
# `wait`); the `Aio*` classes are their awaitable twins. 2.0 adds `dashscope.Client`, whose resources
# send a request for every method, and `dashscope.AsyncClient`. The speech synthesizers and the
# realtime TTS client are objects whose calls wait on a websocket (`streaming_complete()` for up to
# ten minutes, `connect()` polls for up to five seconds).
_DASHSCOPE_ASYNC = (
    "the `Aio` classes (`AioGeneration.call`, `AioMultiModalConversation.call`, ...) or "
    "`dashscope.AsyncClient`, awaited"
)
_DASHSCOPE_CALLS = (
    "Generation MultiModalConversation TextEmbedding MultiModalEmbedding TextReRank Application "
    "CodeGeneration Understanding HttpSpeechSynthesizer"
)
_DASHSCOPE_JOBS = "ImageSynthesis VideoSynthesis Transcription BatchTextEmbedding"
_DASHSCOPE_SPEECH = (
    "dashscope.audio.tts_v2.SpeechSynthesizer dashscope.audio.tts_v2.speech_synthesizer.SpeechSynthesizer "
    "dashscope.audio.qwen_tts_realtime.QwenTtsRealtime "
    "dashscope.audio.qwen_tts_realtime.qwen_tts_realtime.QwenTtsRealtime"
)
_DASHSCOPE = Library(
    "dashscope",
    AREA,
    "dashscope 1.20 - 2.0",
    _DASHSCOPE_ASYNC,
    calls=(
        *[
            CallRule(f"dashscope.**.{cls}.call", "NB108", _DASHSCOPE_ASYNC, streams_with=_STREAM)
            for cls in _DASHSCOPE_CALLS.split()
        ],
        *[
            rule
            for cls in _DASHSCOPE_JOBS.split()
            for rule in calls("NB108", f"dashscope.**.{cls}", "call async_call fetch wait", _DASHSCOPE_ASYNC)
        ],
        # The speech synthesizer of 1.x is a class method; 2.x's is an object.
        *calls("NB108", "dashscope.**.SpeechSynthesizer", "call streaming_call streaming_complete"),
        CallRule("dashscope.**.QwenTtsRealtime.connect", "NB108"),
        *[
            CallRule(f"{client}.{_RESOURCE}.**", "NB108", _DASHSCOPE_ASYNC, streams_with=_STREAM)
            for client in ("dashscope.Client", "dashscope.v2.Client")
        ],
    ),
    returns=tuple(constructors(f"dashscope.Client dashscope.v2.Client {_DASHSCOPE_SPEECH}")),
)

_VOYAGE_ASYNC = "`voyageai.AsyncClient` (the same methods, awaited)"
_VOYAGEAI = Library(
    "voyageai",
    AREA,
    "voyageai 0.2 - 0.5",
    _VOYAGE_ASYNC,
    calls=tuple(
        calls("NB108", "voyageai.Client", "embed contextualized_embed multimodal_embed rerank", _VOYAGE_ASYNC)
    ),
    returns=(Returns("voyageai.Client"), Returns("voyageai.client.Client", "voyageai.Client")),
)

# ElevenLabs's client sends a request for each method of its resources. The audio ones
# (`text_to_speech.convert`, `stream`, ...) are generators: the request is sent, and the audio
# read, while the result is iterated. `play()` and `stream()` run ffplay or mpv and wait for them;
# `save()` writes a file.
_ELEVENLABS_ASYNC = "`elevenlabs.AsyncElevenLabs` (the same methods, awaited)"
_ELEVENLABS_AUDIO = (
    "audio_isolation.convert audio_isolation.stream conversational_ai.batch_calls.export "
    "conversational_ai.conversations.audio.get conversational_ai.conversations.files.get "
    "conversational_ai.outbound_campaigns.calls.export dubbing.audio.get history.get_audio "
    "history.download music.video_to_music music.compose music.compose_detailed "
    "music.compose_detailed_stream music.stream music.separate_stems pronunciation_dictionaries.download "
    "speech_to_speech.convert speech_to_speech.stream studio.projects.chapters.snapshots.stream "
    "studio.projects.snapshots.stream studio.projects.snapshots.stream_archive text_to_dialogue.convert "
    "text_to_dialogue.stream text_to_dialogue.stream_with_timestamps text_to_sound_effects.convert "
    "text_to_speech.convert text_to_speech.stream text_to_speech.stream_with_timestamps "
    "text_to_voice.preview.stream voices.samples.audio.get"
    # 1.x: the client's `generate()` and `text_to_speech.convert_as_stream()`
    " generate text_to_speech.convert_as_stream"
)
_ELEVENLABS = Library(
    "elevenlabs",
    AREA,
    "elevenlabs 1.x - 2.78",
    _ELEVENLABS_ASYNC,
    calls=(
        *(
            CallRule(
                f"elevenlabs.ElevenLabs.{method}",
                "NB108",
                "`async for` over the same method of `elevenlabs.AsyncElevenLabs`",
                iterates=True,
            )
            for method in _ELEVENLABS_AUDIO.split()
        ),
        CallRule("elevenlabs.ElevenLabs.[!_]*.**", "NB108", _ELEVENLABS_ASYNC),
        CallRule("elevenlabs.ElevenLabs.[!_]*", "NB108", _ELEVENLABS_ASYNC),  # 1.x: `client.clone(...)`
        *calls("NB103", "elevenlabs", "play stream", "`asyncio.to_thread()` (it runs ffplay or mpv)"),
        *calls("NB103", "elevenlabs.play", "play stream", "`asyncio.to_thread()` (it runs ffplay or mpv)"),
        CallRule("elevenlabs.save", "NB104"),
        CallRule("elevenlabs.play.save", "NB104"),
    ),
    returns=(
        Returns("elevenlabs.ElevenLabs"),
        Returns("elevenlabs.client.ElevenLabs", "elevenlabs.ElevenLabs"),
    ),
)

LIBRARIES: tuple[Library, ...] = (
    _OPENAI,
    _ANTHROPIC,
    _LITELLM,
    _COHERE,
    _MISTRALAI,
    _GOOGLE_GENAI,
    _GOOGLE_GENERATIVEAI,
    _GROQ,
    _OLLAMA,
    _HUGGINGFACE_HUB,
    _ZHIPUAI,
    _DASHSCOPE,
    _CEREBRAS,
    _TOGETHER,
    _FIREWORKS,
    _VOYAGEAI,
    _ELEVENLABS,
)
