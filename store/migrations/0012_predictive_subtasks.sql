-- Predictive subtasks (issue 11): a subtask that recurred under tasks like a new one is a suggestion of its
-- own kind; its answers are remembered like the others (docs/memory.md).
ALTER TABLE suggestion_feedback DROP CONSTRAINT suggestion_feedback_field_check;
ALTER TABLE suggestion_feedback ADD CONSTRAINT suggestion_feedback_field_check
    CHECK (field IN ('assignee', 'priority', 'due_offset', 'task', 'subtask'));
