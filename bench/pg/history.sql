-- pgbench: one submission's history lookup, as moderato's facts statement
-- (src/storage/facts.rs) asks it, for a new email, address and text each
-- time: an upper bound, since a new key's probes find nothing to fetch.
\set n random(1, 1000000000)
\set ip random(1, 16777215)
SELECT (SELECT COUNT(1) FROM (SELECT 1 FROM comments WHERE author_email = 'r' || :n || '@b.example' AND status = 'approved' LIMIT 10) AS m),
 (SELECT COUNT(1) FROM (SELECT 1 FROM comments WHERE author_email = 'r' || :n || '@b.example' AND status = 'rejected' LIMIT 10) AS m),
 (SELECT COUNT(1) FROM (SELECT 1 FROM comments WHERE author_email = 'r' || :n || '@b.example' AND status IN ('approved','pending','rejected') AND created_at >= now() - interval '10 minutes' LIMIT 10) AS m),
 (SELECT COUNT(1) FROM (SELECT 1 FROM comments WHERE client_ip = '10.' || :ip || '.0/24' AND status = 'rejected' LIMIT 10) AS m),
 (SELECT COUNT(1) FROM (SELECT 1 FROM comments WHERE client_ip = '10.' || :ip || '.0/24' AND status IN ('approved','pending','rejected') AND created_at >= now() - interval '10 minutes' LIMIT 10) AS m),
 (SELECT COUNT(1) FROM (SELECT 1 FROM comments WHERE body_hash = md5(:n::text) AND post_id <> 'p1' AND created_at >= now() - interval '1 day' LIMIT 10) AS m),
 (SELECT author_email FROM posts WHERE id = 'p1'),
 (SELECT MIN(id) FROM comments WHERE body_hash = md5(:n::text) AND post_id = 'p1' AND created_at >= now() AND author_email = ''),
 (SELECT MIN(id) FROM comments WHERE body_hash = md5(:n::text) AND post_id = 'p1' AND created_at >= now() AND (author_email IS NULL AND client_ip = ''));
