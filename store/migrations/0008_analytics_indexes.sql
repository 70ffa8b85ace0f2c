-- Analytics (issue 11): the indexes /api/analytics/* needs at 10 000 tasks and 50 000 events (bench_analytics).
-- Time to the first reply to a mention: the mentioned person's first later message in the same channel.
CREATE INDEX messages_channel_user_created_idx ON messages (channel_id, user_id, created_at);
-- Messages and commands of a period, whatever the channel or person.
CREATE INDEX messages_created_idx ON messages (created_at);
CREATE INDEX voice_commands_created_idx ON voice_commands (created_at);
-- Tasks created or completed in a period (throughput per week).
CREATE INDEX tasks_created_idx ON tasks (created_at);
CREATE INDEX tasks_completed_idx ON tasks (completed_at) WHERE completed_at IS NOT NULL;
-- Mentions of a period: a small part of all messages.
CREATE INDEX messages_mentions_created_idx ON messages (created_at) WHERE mentions <> '{}';
