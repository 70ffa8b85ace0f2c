"""The demo organisation: people, categories, a few channels, tasks and resources. Idempotent."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import asyncpg

PEOPLE = [
    # full name, role, department, language, nicknames, colour
    ("Alex Rivera", "ceo", "Executive", "en", [], "#1F2937"),
    ("Sarah Chen", "manager", "Marketing", "en", ["Sara"], "#DB2777"),
    ("Mike Johnson", "staff", "Marketing", "en", ["Michael", "Mikey"], "#2563EB"),
    ("Priya Patel", "manager", "Finance", "en", [], "#059669"),
    ("David Kim", "staff", "Operations", "en", ["Dave"], "#D97706"),
    ("Elena Garcia", "manager", "HR", "es", [], "#7C3AED"),
    ("Tom Baker", "staff", "Engineering", "en", ["Tommy", "Thomas"], "#DC2626"),
    ("Lisa Wong", "staff", "Sales", "en", [], "#0891B2"),
]

CATEGORIES = [
    ("Marketing", "#EC4899", "megaphone"),
    ("Operations", "#F59E0B", "cog"),
    ("Finance", "#10B981", "banknote"),
    ("HR", "#8B5CF6", "users"),
    ("Sales", "#06B6D4", "handshake"),
    ("Engineering", "#EF4444", "code"),
]

# name, category, privacy, creator, members, description
CHANNELS = [
    ("Brand Refresh", "Marketing", "public", "Sarah Chen", ["Mike Johnson"], "New visual identity for 2027"),
    ("Q4 Close", "Finance", "public", "Priya Patel", ["David Kim"], "Closing the books for Q4"),
    ("Leadership", "Operations", "private", "Alex Rivera", ["Sarah Chen", "Priya Patel", "Elena Garcia"],
     "Leadership team only"),
    ("Infrastructure", "Engineering", "public", "Alex Rivera", ["Tom Baker"], "Servers, networks, tooling"),
]

# channel, title, priority, days until due, assignees, status
TASKS = [
    ("Brand Refresh", "Draft the new colour palette", "high", 5, ["Mike Johnson"], "in_progress"),
    ("Brand Refresh", "Review logo concepts", "medium", 9, ["Sarah Chen"], "todo"),
    ("Q4 Close", "Reconcile vendor invoices", "urgent", 3, ["David Kim"], "todo"),
    ("Q4 Close", "Prepare the board summary", "high", 12, ["Priya Patel"], "todo"),
    ("Leadership", "Plan the 2027 offsite", "medium", 30, ["Elena Garcia"], "todo"),
    ("Infrastructure", "Upgrade the staging database", "medium", 7, ["Tom Baker"], "todo"),
]

RESOURCES = [
    ("Brand Guidelines", "document", "Logo use, colours, typography and tone of voice", "Sarah Chen"),
    ("Pitch Deck", "document", "The current investor and customer pitch", "Alex Rivera"),
    ("Q4 Report", "document", "Quarterly results and commentary", "Priya Patel"),
]


def email_of(full_name: str) -> str:
    return f"{full_name.split()[0].lower()}@example.com"


async def seed(pool: asyncpg.Pool, password_hash: str) -> bool:
    """Create the demo organisation if it is not there yet. Returns True when it seeded."""
    async with pool.acquire() as conn, conn.transaction():
        await conn.execute("SELECT pg_advisory_xact_lock(7201338)")
        if await conn.fetchval("SELECT 1 FROM users WHERE lower(email) = 'alex@example.com'"):
            return False
        people = {}
        for name, role, dept, lang, nicks, colour in PEOPLE:
            people[name] = await conn.fetchval(
                """INSERT INTO users (email, full_name, nicknames, role, department, language, avatar_color,
                                      password_hash)
                   VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
                   ON CONFLICT (lower(email)) DO UPDATE SET full_name = EXCLUDED.full_name RETURNING id""",
                email_of(name), name, nicks, role, dept, lang, colour, password_hash,
            )
        cats = {}
        for name, colour, icon in CATEGORIES:
            cats[name] = await conn.fetchval(
                """INSERT INTO categories (name, color, icon) VALUES ($1, $2, $3)
                   ON CONFLICT (lower(name)) DO UPDATE SET color = EXCLUDED.color RETURNING id""",
                name, colour, icon,
            )
        chans = {}
        for name, cat, privacy, creator, members, description in CHANNELS:
            chans[name] = cid = await conn.fetchval(
                """INSERT INTO channels (name, description, category_id, privacy, created_by)
                   VALUES ($1, $2, $3, $4, $5) RETURNING id""",
                name, description, cats[cat], privacy, people[creator],
            )
            await conn.execute(
                "INSERT INTO channel_members (channel_id, user_id, role, added_by) VALUES ($1, $2, 'owner', $2)",
                cid, people[creator],
            )
            for member in members:
                await conn.execute(
                    "INSERT INTO channel_members (channel_id, user_id, role, added_by) VALUES ($1, $2, 'member', $3)",
                    cid, people[member], people[creator],
                )
        now = datetime.now(UTC).replace(hour=17, minute=0, second=0, microsecond=0)
        for channel, title, priority, days, assignees, status in TASKS:
            tid = await conn.fetchval(
                """INSERT INTO tasks (channel_id, title, priority, status, due_date, created_by)
                   VALUES ($1, $2, $3, $4, $5, (SELECT created_by FROM channels WHERE id = $1)) RETURNING id""",
                chans[channel], title, priority, status, now + timedelta(days=days),
            )
            for person in assignees:
                await conn.execute("INSERT INTO task_assignees (task_id, user_id) VALUES ($1, $2)", tid, people[person])
        for name, rtype, description, owner in RESOURCES:
            await conn.execute(
                """INSERT INTO shared_resources (name, resource_type, description, uploaded_by)
                   VALUES ($1, $2, $3, $4)""",
                name, rtype, description, people[owner],
            )
        await conn.execute(
            """INSERT INTO resource_links (resource_id, channel_id, linked_by)
               SELECT r.id, $1, r.uploaded_by FROM shared_resources r WHERE r.name = 'Brand Guidelines'""",
            chans["Brand Refresh"],
        )
        return True
