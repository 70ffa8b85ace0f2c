"""Full-text search over tasks, channels, messages and resources: only what the caller may see.

The query is read with `websearch_to_tsquery('simple', …)` (quotes, `or`, `-word` work), and the
last word also matches as a prefix, so a search box finds "migration" while "migr" is typed.
"""

from __future__ import annotations

import re
from typing import Literal
from uuid import UUID

import asyncpg

from store.access import channel_id_visible, channel_visible, resource_visible

Kind = Literal["task", "channel", "message", "resource"]
KINDS: tuple[Kind, ...] = ("task", "channel", "message", "resource")
_WORD = re.compile(r"\w+")

# One branch per kind: ($1 query, $2 prefix-or-null, $3 user, $4 role). Each yields the same columns.
_TSQUERY = """(websearch_to_tsquery('simple', $1)
               || CASE WHEN $2::text IS NULL THEN websearch_to_tsquery('simple', $1)
                       ELSE websearch_to_tsquery('simple', $5) && to_tsquery('simple', $2 || ':*') END)"""

_BRANCHES = {
    "task": f"""SELECT 'task' AS type, t.id, t.title AS title, left(coalesce(t.description, ''), 200) AS snippet,
                       t.channel_id, ts_rank(t.search, q.tsq) AS rank, t.created_at
                FROM tasks t, q WHERE t.search @@ q.tsq AND {channel_id_visible('t.channel_id', '$3', '$4')}""",
    "channel": f"""SELECT 'channel', c.id, c.name, left(coalesce(c.description, ''), 200), c.id,
                          ts_rank(c.search, q.tsq), c.created_at
                   FROM channels c, q WHERE c.search @@ q.tsq AND {channel_visible('c', '$3', '$4')}""",
    "message": f"""SELECT 'message', m.id, left(m.content, 120), left(m.content, 200), m.channel_id,
                          ts_rank(m.search, q.tsq), m.created_at
                   FROM messages m, q WHERE m.search @@ q.tsq AND m.deleted_at IS NULL
                     AND {channel_id_visible('m.channel_id', '$3', '$4')}""",
    "resource": f"""SELECT 'resource', r.id, r.name, left(coalesce(r.description, ''), 200), NULL::uuid,
                           ts_rank(r.search, q.tsq), r.created_at
                    FROM shared_resources r, q WHERE r.search @@ q.tsq
                      AND {resource_visible('r', '$3', '$4')}""",
}


def split_prefix(text: str) -> tuple[str, str | None]:
    """(everything but the last word, the last word to match as a prefix) — or no prefix when the
    last word is quoted, negated, or an operator."""
    stripped = text.strip()
    tokens = stripped.split()
    if not tokens or stripped.endswith('"'):
        return stripped, None
    last = tokens[-1]
    if last.lower() == "or" or not _WORD.fullmatch(last):
        return stripped, None
    return " ".join(tokens[:-1]), last.lower()


async def search(
    conn: asyncpg.Connection | asyncpg.Pool, text: str, user_id: UUID, role: str, *,
    kinds: tuple[str, ...] = KINDS, limit: int = 20,
) -> list[asyncpg.Record]:
    """The best `limit` matches across `kinds`, by rank (then newest)."""
    rest, prefix = split_prefix(text)
    branches = " UNION ALL ".join(f"({_BRANCHES[k]})" for k in KINDS if k in kinds)
    if not branches:
        return []
    return await conn.fetch(
        f"""WITH q AS (SELECT {_TSQUERY} AS tsq)
            SELECT * FROM ({branches}) hits (type, id, title, snippet, channel_id, rank, created_at)
            ORDER BY rank DESC, created_at DESC, id LIMIT $6""",
        text, prefix, user_id, role, rest, limit,
    )
