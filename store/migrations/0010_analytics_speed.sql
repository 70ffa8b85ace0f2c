-- Analytics at 10 000 tasks and 50 000 events within 50 ms (bench_analytics, docs/analytics.md).
-- p50/p95 per command stage: each stage's timings of a period are one index range, read without the table
-- (the few stage names are found by skipping through the index), so no sort of every timing by stage first.
CREATE INDEX voice_command_stages_stage_created_idx ON voice_command_stages (stage, created_at) INCLUDE (user_id, ms);
