"""The intent stage: a command's text + an organisation snapshot -> a typed `Plan`.

`parse` is the deterministic parser (offline, milliseconds). `pipeline.intent.llm` has the
optional LLM path (`plan_with_llm`, `choose`), imported on demand because it needs `openai`.
"""

from pipeline.intent.context import CommandContext, Conversation
from pipeline.intent.parser import parse

__all__ = ["CommandContext", "Conversation", "parse"]
