-- Organisational memory (issue 11): what people said to the defaults we suggested. A decline keeps that
-- (field, value) from being suggested to the same person for tasks of the same category for a while; an
-- accept counts in its favour (docs/memory.md).
CREATE TABLE suggestion_feedback (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id     uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    command_id  uuid NOT NULL REFERENCES voice_commands (id) ON DELETE CASCADE,
    n           integer NOT NULL CHECK (n >= 0),
    task_id     uuid REFERENCES tasks (id) ON DELETE SET NULL,
    category_id uuid REFERENCES categories (id) ON DELETE CASCADE,
    field       text NOT NULL CHECK (field IN ('assignee', 'priority', 'due_offset')),
    value       text NOT NULL,
    accepted    boolean NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (command_id, n)
);
CREATE INDEX suggestion_feedback_user_idx ON suggestion_feedback (user_id, field, value, created_at DESC);
-- Learned defaults read a category's recent tasks newest first.
CREATE INDEX tasks_channel_created_idx ON tasks (channel_id, created_at DESC);
