"""The domain layer: every write a person asks for, with every rule of the README's "Who may do what".

REST handlers, typed and spoken commands (parser and LLM plans, through the executor) call these
functions and nothing else to change channels, tasks, messages and resource links. Each function
takes the unit of work and the acting person, checks the rules of `store.access`, and either
writes (audit and events in the same unit) or raises `Refused` before writing anything.
"""

from store.domain.refusal import Refused

__all__ = ["Refused"]
