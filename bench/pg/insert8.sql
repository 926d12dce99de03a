-- pgbench: one group commit of eight submissions, as moderato's PostgreSQL
-- writer stores a batch (src/storage/batched.rs): the post, eight comments
-- and their eight audit events in one transaction.
\set n random(1, 1000000000)
BEGIN;
INSERT INTO posts (id, created_at) VALUES ('p' || (:n % 50), now()) ON CONFLICT (id) DO NOTHING;
INSERT INTO comments (id, post_id, author_name, author_email, body, status, spam_score, toxicity_score, score, reasons, client_ip, user_agent, created_at, updated_at, version, body_hash)
 SELECT gen_random_uuid()::text, 'p' || (:n % 50), 'Reader', 'r' || :n || '-' || g || '@b.example',
  'The council vote ignores the regional effects. I would like to see the sources. The council vote ignores the regional effects.',
  (ARRAY['approved','pending','pending','pending','rejected'])[1 + (:n + g) % 5], 0.5, 0.1, 0.5 + g / 100.0, '[]', '10.' || ((:n + g) % 65536) || '.0/24', 'wrk', now(), now(), 1, md5((:n + g)::text)
 FROM generate_series(1, 8) g;
INSERT INTO moderation_events (id, comment_id, actor, action, to_status, note, created_at)
 SELECT gen_random_uuid()::text, gen_random_uuid()::text, 'system', 'submitted', 'pending', 'scored spam 0.50, toxicity 0.10: Review', now() FROM generate_series(1, 8) g;
COMMIT;
