-- Proactive alerts (issue 11): one daily digest per person per local day. The primary key is what makes it
-- once with several nodes: the node whose INSERT wins composes and delivers it in the same transaction; the
-- others wait on the key, then find the row and skip.
ALTER TYPE notification_type ADD VALUE IF NOT EXISTS 'digest';
CREATE TABLE digests (
    user_id         uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    day             date NOT NULL,
    notification_id uuid REFERENCES notifications (id) ON DELETE SET NULL,
    sent_at         timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, day)
);
