-- Undo (issue 10): a notification a command caused is withdrawn when the command is undone; a withdrawn
-- reminder is never delivered and no list shows it. Commands that undo another name it in
-- intent_analysis->>'undoes'; at most one completed undo per command.
ALTER TABLE notifications ADD COLUMN voided_at timestamptz;
CREATE UNIQUE INDEX voice_commands_one_undo ON voice_commands ((intent_analysis->>'undoes'))
    WHERE status = 'completed' AND intent_analysis ? 'undoes';
CREATE INDEX audit_log_command_idx ON audit_log (command_id) WHERE command_id IS NOT NULL;
