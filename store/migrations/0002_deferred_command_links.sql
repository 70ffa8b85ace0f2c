-- A command's messages point at its voice_commands row, which is written at the end of the
-- same transaction: check that reference at commit, not at each insert.
ALTER TABLE messages ALTER CONSTRAINT messages_voice_command_id_fkey DEFERRABLE INITIALLY DEFERRED;
