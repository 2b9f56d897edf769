-- Roles and databases of the services under `docker compose` (run by the postgres image on its
-- first start; idempotent, so it can be run again by hand on an older volume:
--   docker compose exec postgres psql -U postgres -f /docker-entrypoint-initdb.d/10-dinsos-roles.sql).
-- As in production: the owner role runs the migrations and owns the tables; the app role is what
-- the services connect as, and owns nothing. Development passwords only.
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'dinsos_owner') THEN
    CREATE ROLE dinsos_owner LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD 'dinsos_owner';
  END IF;
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'dinsos_app') THEN
    CREATE ROLE dinsos_app LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD 'dinsos_app';
  END IF;
END $$;

SELECT 'CREATE DATABASE dinsos_intake OWNER dinsos_owner'
 WHERE NOT EXISTS (SELECT FROM pg_catalog.pg_database WHERE datname = 'dinsos_intake')\gexec
REVOKE ALL ON DATABASE dinsos_intake FROM PUBLIC;
GRANT CONNECT ON DATABASE dinsos_intake TO dinsos_app;
