-- Names of active (not archived) channels are unique, whatever the case and spacing: "Dup",
-- " dup " and "DUP" are one name, so "add a task to Dup" can never silently pick one of several.

CREATE FUNCTION channel_name_key(name text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT lower(regexp_replace(btrim(name), '\s+', ' ', 'g')) $$;

-- Existing duplicates: the oldest keeps its name, the others get the first free " (n)" suffix.
DO $$
DECLARE
    dup record;
    n int;
    candidate text;
BEGIN
    FOR dup IN
        SELECT id, name FROM (
            SELECT id, name, created_at,
                   row_number() OVER (PARTITION BY channel_name_key(name) ORDER BY created_at, id) AS rank
            FROM channels WHERE status <> 'archived') d
        WHERE rank > 1 ORDER BY channel_name_key(name), created_at, id
    LOOP
        n := 2;
        LOOP
            candidate := btrim(dup.name) || ' (' || n || ')';
            EXIT WHEN NOT EXISTS (SELECT 1 FROM channels
                                  WHERE status <> 'archived' AND channel_name_key(name) = channel_name_key(candidate));
            n := n + 1;
        END LOOP;
        UPDATE channels SET name = candidate, updated_at = now() WHERE id = dup.id;
    END LOOP;
END $$;

CREATE UNIQUE INDEX channels_active_name_key ON channels (channel_name_key(name)) WHERE status <> 'archived';
