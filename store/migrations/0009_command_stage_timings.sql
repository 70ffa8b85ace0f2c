-- Analytics (issue 11): each command's stage timings (voice_commands.timings, e.g. parse_ms) as rows, kept in
-- step by a trigger, so p50/p95 per stage over a period is an index range scan rather than unpacking every
-- command's JSON (2-3x faster in bench_analytics). Derived data only: nothing writes here but the trigger.
CREATE TABLE voice_command_stages (
    command_id uuid NOT NULL REFERENCES voice_commands (id) ON DELETE CASCADE,
    user_id    uuid NOT NULL,
    created_at timestamptz NOT NULL,
    stage      text NOT NULL,
    ms         double precision NOT NULL,
    PRIMARY KEY (command_id, stage)
);
CREATE INDEX voice_command_stages_created_idx ON voice_command_stages (created_at);

CREATE FUNCTION voice_command_stages_sync() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM voice_command_stages WHERE command_id = NEW.id;
    -- Numbers only, and none a float cannot hold: a strange timing must never fail the command's write.
    INSERT INTO voice_command_stages (command_id, user_id, created_at, stage, ms)
    SELECT NEW.id, NEW.user_id, NEW.created_at, k.key, k.value::numeric::float8
    FROM jsonb_each(CASE jsonb_typeof(NEW.timings) WHEN 'object' THEN NEW.timings ELSE '{}' END) AS k
    WHERE jsonb_typeof(k.value) = 'number' AND abs(k.value::numeric) < 1e15;
    RETURN NULL;
END $$;

CREATE TRIGGER voice_commands_stages AFTER INSERT OR UPDATE OF timings, user_id, created_at ON voice_commands
    FOR EACH ROW EXECUTE FUNCTION voice_command_stages_sync();

INSERT INTO voice_command_stages (command_id, user_id, created_at, stage, ms)
SELECT v.id, v.user_id, v.created_at, k.key, k.value::numeric::float8
FROM voice_commands v, jsonb_each(CASE jsonb_typeof(v.timings) WHEN 'object' THEN v.timings ELSE '{}' END) AS k
WHERE jsonb_typeof(k.value) = 'number' AND abs(k.value::numeric) < 1e15;
