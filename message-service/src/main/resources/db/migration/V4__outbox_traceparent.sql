-- The W3C traceparent of the request that caused the event; the relay sends it as the Kafka record's
-- traceparent header so consumers continue the request's trace. Null for rows written before V4 and
-- for events no request caused.
alter table outbox add column traceparent text;
