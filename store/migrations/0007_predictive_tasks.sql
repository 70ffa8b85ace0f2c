-- Predictive tasks (issue 11): a recurring task offered to a new channel is a suggestion of its own kind.
ALTER TABLE suggestion_feedback DROP CONSTRAINT suggestion_feedback_field_check;
ALTER TABLE suggestion_feedback ADD CONSTRAINT suggestion_feedback_field_check
    CHECK (field IN ('assignee', 'priority', 'due_offset', 'task'));
