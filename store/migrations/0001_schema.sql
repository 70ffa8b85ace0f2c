-- voicedesk schema: the seed's entities plus membership, auth, audit, outbox and idempotency.

CREATE TYPE user_role AS ENUM ('ceo', 'manager', 'staff');
CREATE TYPE channel_privacy AS ENUM ('public', 'private', 'restricted');
CREATE TYPE channel_status AS ENUM ('active', 'paused', 'archived', 'completed');
CREATE TYPE member_role AS ENUM ('owner', 'manager', 'member');
CREATE TYPE task_status AS ENUM ('todo', 'in_progress', 'blocked', 'review', 'completed', 'cancelled');
CREATE TYPE task_priority AS ENUM ('low', 'medium', 'high', 'urgent');
CREATE TYPE dependency_type AS ENUM ('blocks', 'requires', 'follows', 'parallel');
CREATE TYPE resource_type AS ENUM ('document', 'spreadsheet', 'presentation', 'image', 'video', 'audio', 'link', 'other');
CREATE TYPE relationship_type AS ENUM ('sequential', 'parallel', 'parent_child', 'related');
CREATE TYPE command_status AS ENUM ('pending', 'processing', 'completed', 'failed', 'needs_clarification');
CREATE TYPE message_type AS ENUM ('text', 'system', 'voice');
CREATE TYPE notification_type AS ENUM (
    'assignment', 'mention', 'channel_invite', 'deadline_reminder', 'task_unblocked', 'reminder', 'message', 'system'
);

CREATE TABLE users (
    id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    email          text NOT NULL,
    full_name      text NOT NULL CHECK (length(btrim(full_name)) > 0),
    nicknames      text[] NOT NULL DEFAULT '{}',
    role           user_role NOT NULL DEFAULT 'staff',
    department     text,
    language       text NOT NULL DEFAULT 'en' CHECK (language ~ '^[a-z]{2}(-[A-Z]{2})?$'),
    timezone       text NOT NULL DEFAULT 'UTC',
    avatar_color   text CHECK (avatar_color IS NULL OR avatar_color ~ '^#[0-9A-Fa-f]{6}$'),
    password_hash  text NOT NULL,
    is_active      boolean NOT NULL DEFAULT true,
    preferences    jsonb NOT NULL DEFAULT '{}',
    last_seen_at   timestamptz,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_email_key ON users (lower(email));

CREATE TABLE categories (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    name        text NOT NULL CHECK (length(btrim(name)) > 0),
    color       text NOT NULL DEFAULT '#6B7280' CHECK (color ~ '^#[0-9A-Fa-f]{6}$'),
    icon        text,
    description text,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX categories_name_key ON categories (lower(name));

CREATE TABLE channels (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    name        text NOT NULL CHECK (length(btrim(name)) > 0),
    description text,
    category_id uuid REFERENCES categories (id) ON DELETE SET NULL,
    privacy     channel_privacy NOT NULL DEFAULT 'public',
    status      channel_status NOT NULL DEFAULT 'active',
    tags        text[] NOT NULL DEFAULT '{}',
    metadata    jsonb NOT NULL DEFAULT '{}',
    created_by  uuid NOT NULL REFERENCES users (id),
    archived_at timestamptz,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    search      tsvector GENERATED ALWAYS AS (
        to_tsvector('simple', coalesce(name, '') || ' ' || coalesce(description, ''))
    ) STORED
);
CREATE INDEX channels_category_idx ON channels (category_id);
CREATE INDEX channels_search_idx ON channels USING gin (search);

CREATE TABLE channel_members (
    channel_id uuid NOT NULL REFERENCES channels (id) ON DELETE CASCADE,
    user_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role       member_role NOT NULL DEFAULT 'member',
    added_by   uuid REFERENCES users (id),
    joined_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (channel_id, user_id)
);
CREATE INDEX channel_members_user_idx ON channel_members (user_id);

CREATE TABLE channel_relationships (
    id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    source_channel_id uuid NOT NULL REFERENCES channels (id) ON DELETE CASCADE,
    target_channel_id uuid NOT NULL REFERENCES channels (id) ON DELETE CASCADE,
    relationship_type relationship_type NOT NULL DEFAULT 'related',
    created_by        uuid REFERENCES users (id),
    created_at        timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT channel_relationships_no_self CHECK (source_channel_id <> target_channel_id),
    UNIQUE (source_channel_id, target_channel_id, relationship_type)
);

CREATE TABLE tasks (
    id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    channel_id      uuid REFERENCES channels (id) ON DELETE CASCADE,
    parent_task_id  uuid REFERENCES tasks (id) ON DELETE CASCADE,
    title           text NOT NULL CHECK (length(btrim(title)) > 0),
    description     text,
    status          task_status NOT NULL DEFAULT 'todo',
    priority        task_priority NOT NULL DEFAULT 'medium',
    due_date        timestamptz,
    estimated_hours numeric(8, 2) CHECK (estimated_hours IS NULL OR estimated_hours >= 0),
    tags            text[] NOT NULL DEFAULT '{}',
    metadata        jsonb NOT NULL DEFAULT '{}',
    created_by      uuid NOT NULL REFERENCES users (id),
    completed_at    timestamptz,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    search          tsvector GENERATED ALWAYS AS (
        to_tsvector('simple', coalesce(title, '') || ' ' || coalesce(description, ''))
    ) STORED,
    CONSTRAINT tasks_not_own_parent CHECK (parent_task_id IS NULL OR parent_task_id <> id)
);
-- The seed's performance indexes.
CREATE INDEX tasks_channel_status_idx ON tasks (channel_id, status);
CREATE INDEX tasks_due_date_idx ON tasks (due_date) WHERE due_date IS NOT NULL;
CREATE INDEX tasks_parent_idx ON tasks (parent_task_id);
CREATE INDEX tasks_search_idx ON tasks USING gin (search);
CREATE INDEX tasks_tags_idx ON tasks USING gin (tags);

CREATE TABLE task_assignees (
    task_id     uuid NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
    user_id     uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    assigned_by uuid REFERENCES users (id),
    assigned_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (task_id, user_id)
);
CREATE INDEX task_assignees_user_idx ON task_assignees (user_id);

CREATE TABLE task_dependencies (
    id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    task_id            uuid NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
    depends_on_task_id uuid NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
    dependency_type    dependency_type NOT NULL DEFAULT 'blocks',
    created_by         uuid REFERENCES users (id),
    created_at         timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT task_dependencies_no_self CHECK (task_id <> depends_on_task_id),
    UNIQUE (task_id, depends_on_task_id)
);
CREATE INDEX task_dependencies_depends_on_idx ON task_dependencies (depends_on_task_id);

CREATE TABLE shared_resources (
    id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    name          text NOT NULL CHECK (length(btrim(name)) > 0),
    resource_type resource_type NOT NULL DEFAULT 'document',
    description   text,
    url           text,
    file_path     text,
    content_hash  text CHECK (content_hash IS NULL OR content_hash ~ '^[0-9a-f]{64}$'),
    mime_type     text,
    size_bytes    bigint CHECK (size_bytes IS NULL OR size_bytes >= 0),
    tags          text[] NOT NULL DEFAULT '{}',
    metadata      jsonb NOT NULL DEFAULT '{}',
    uploaded_by   uuid NOT NULL REFERENCES users (id),
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    search        tsvector GENERATED ALWAYS AS (
        to_tsvector('simple', coalesce(name, '') || ' ' || coalesce(description, ''))
    ) STORED
);
CREATE INDEX shared_resources_search_idx ON shared_resources USING gin (search);

CREATE TABLE resource_links (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    resource_id uuid NOT NULL REFERENCES shared_resources (id) ON DELETE CASCADE,
    channel_id  uuid REFERENCES channels (id) ON DELETE CASCADE,
    task_id     uuid REFERENCES tasks (id) ON DELETE CASCADE,
    category_id uuid REFERENCES categories (id) ON DELETE CASCADE,
    linked_by   uuid REFERENCES users (id),
    created_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT resource_links_one_target CHECK (num_nonnulls(channel_id, task_id, category_id) = 1)
);
CREATE UNIQUE INDEX resource_links_unique ON resource_links
    (resource_id, coalesce(channel_id, task_id, category_id));
CREATE INDEX resource_links_channel_idx ON resource_links (channel_id);

CREATE TABLE voice_commands (
    id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id            uuid NOT NULL REFERENCES users (id),
    session_id         text,
    source             text NOT NULL DEFAULT 'text' CHECK (source IN ('text', 'voice')),
    transcript         text NOT NULL,
    language           text NOT NULL DEFAULT 'en',
    intent_analysis    jsonb NOT NULL DEFAULT '{}',
    actions_planned    jsonb NOT NULL DEFAULT '[]',
    actions_executed   jsonb NOT NULL DEFAULT '[]',
    status             command_status NOT NULL DEFAULT 'pending',
    processing_time_ms integer CHECK (processing_time_ms IS NULL OR processing_time_ms >= 0),
    timings            jsonb NOT NULL DEFAULT '{}',
    error_details      jsonb,
    idempotency_key    text,
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX voice_commands_user_idx ON voice_commands (user_id, created_at DESC);
CREATE UNIQUE INDEX voice_commands_idempotency ON voice_commands (user_id, idempotency_key)
    WHERE idempotency_key IS NOT NULL;

CREATE TABLE messages (
    id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    channel_id        uuid NOT NULL REFERENCES channels (id) ON DELETE CASCADE,
    user_id           uuid NOT NULL REFERENCES users (id),
    parent_message_id uuid REFERENCES messages (id) ON DELETE CASCADE,
    content           text NOT NULL,
    message_type      message_type NOT NULL DEFAULT 'text',
    mentions          uuid[] NOT NULL DEFAULT '{}',
    metadata          jsonb NOT NULL DEFAULT '{}',
    voice_command_id  uuid REFERENCES voice_commands (id) ON DELETE SET NULL,
    edited_at         timestamptz,
    deleted_at        timestamptz,
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    search            tsvector GENERATED ALWAYS AS (to_tsvector('simple', coalesce(content, ''))) STORED
);
-- The seed's performance index for channel timelines.
CREATE INDEX messages_channel_created_idx ON messages (channel_id, created_at DESC);
CREATE INDEX messages_search_idx ON messages USING gin (search);

CREATE TABLE notifications (
    id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id       uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    type          notification_type NOT NULL,
    title         text NOT NULL,
    body          text,
    channel_id    uuid REFERENCES channels (id) ON DELETE CASCADE,
    task_id       uuid REFERENCES tasks (id) ON DELETE CASCADE,
    message_id    uuid REFERENCES messages (id) ON DELETE CASCADE,
    data          jsonb NOT NULL DEFAULT '{}',
    is_read       boolean NOT NULL DEFAULT false,
    read_at       timestamptz,
    scheduled_for timestamptz,
    delivered_at  timestamptz,
    created_by    uuid REFERENCES users (id),
    created_at    timestamptz NOT NULL DEFAULT now()
);
-- The seed's performance index for the unread badge.
CREATE INDEX notifications_user_unread_idx ON notifications (user_id, is_read, created_at DESC);
CREATE INDEX notifications_due_idx ON notifications (scheduled_for) WHERE delivered_at IS NULL;

CREATE TABLE refresh_tokens (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id     uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    family_id   uuid NOT NULL,
    token_hash  text NOT NULL UNIQUE,
    expires_at  timestamptz NOT NULL,
    used_at     timestamptz,
    revoked_at  timestamptz,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX refresh_tokens_family_idx ON refresh_tokens (family_id);

CREATE TABLE audit_log (
    id          bigserial PRIMARY KEY,
    actor_id    uuid REFERENCES users (id),
    action      text NOT NULL,
    entity_type text NOT NULL,
    entity_id   uuid,
    before      jsonb,
    after       jsonb,
    command_id  uuid,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX audit_log_entity_idx ON audit_log (entity_type, entity_id);

-- The outbox: every committed change is described here in the same transaction.
-- Visibility: channel_id set -> whoever may see that channel; user_ids set -> only them;
-- both null -> everyone in the organisation.
CREATE TABLE events (
    id          bigserial PRIMARY KEY,
    type        text NOT NULL,
    entity_type text,
    entity_id   uuid,
    channel_id  uuid,
    user_ids    uuid[],
    actor_id    uuid,
    payload     jsonb NOT NULL DEFAULT '{}',
    created_at  timestamptz NOT NULL DEFAULT now(),
    published_at timestamptz
);
CREATE INDEX events_unpublished_idx ON events (id) WHERE published_at IS NULL;

CREATE TABLE idempotency_keys (
    user_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    key        text NOT NULL,
    scope      text NOT NULL,
    response   jsonb,
    status     integer,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, scope, key)
);

CREATE TABLE conversation_state (
    user_id    uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    state      jsonb NOT NULL DEFAULT '{}',
    updated_at timestamptz NOT NULL DEFAULT now()
);
