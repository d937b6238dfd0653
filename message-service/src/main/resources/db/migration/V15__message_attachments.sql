-- Issue 19: the files a message was sent with. A row is written by the send statement itself, in the send's
-- transaction, after attachment-service answered (a current read) that the attachment is the sender's, of this
-- conversation, ready and not yet sent. The primary key on attachment_id is what makes "not yet sent" hold under
-- concurrency: a second message with the same id fails on it and stores nothing (409 attachment-already-sent).
-- Name, type and size are copied from attachment-service's answer (they never change after an upload), so reading
-- a message never calls attachment-service. A deleted message's rows are erased with its text (soft or hard delete);
-- attachment-service removes the files when it sees MessageDeleted.
create table message_attachment (
    attachment_id   uuid        not null,
    message_id      bigint      not null,
    hotel           text        not null,
    conversation_id bigint      not null,
    position        smallint    not null check (position >= 1),
    file_name       text        not null,
    content_type    text        not null,
    size_bytes      bigint      not null check (size_bytes >= 0),
    constraint message_attachment_once primary key (attachment_id)
);

-- a message's files in the order they were sent: what every message read joins
create index message_attachment_by_message on message_attachment (message_id, position);
