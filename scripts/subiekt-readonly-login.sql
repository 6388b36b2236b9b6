-- Kolektor: a read-only SQL Server login for Subiekt GT's database
-- (Kolektor: login tylko do odczytu bazy Subiekta GT).
--
-- Kolektor reads Subiekt by SQL and never writes it: documents are made through Sfera, which
-- logs in with Subiekt's own SQL login, not this one. This script creates the login
-- [kolektor] and its user in the company's database, and grants SELECT on exactly the tables
-- Kolektor reads - no role, no other table, no EXECUTE, nothing that writes.
-- tests/test_subiekt_login_script.py compares the GRANTs below with every statement
-- Kolektor sends to Subiekt; a new table in a query fails that test until it is granted here.
--
-- BEFORE RUNNING, replace the two placeholders (every occurrence; a text editor's Replace All):
--   <HASLO>   the login's password; it also goes into Kolektor's secrets file as
--             SUBIEKT_PASSWORD (docs/install.md)
--   <BAZA>    the company's database (the Subiekt "podmiot"), as SQL Server Management
--             Studio lists it under Databases
-- The script stops without creating anything while either is still there.
--
-- Run it as a sysadmin of the INSERTGT instance, e.g. on the SQL Server's computer:
--   sqlcmd -S .\INSERTGT -E -b -i subiekt-readonly-login.sql
-- (-E: Windows authentication of an administrator; -b: stop at the first error), or open it
-- in SQL Server Management Studio and Execute. The GO lines separate batches (sqlcmd/SSMS).
--
-- Safe to run again: the login and the user are created only when missing, an existing user
-- is re-linked to the login (needed after the database was restored on another server), and
-- the GRANTs repeat harmlessly. It never changes an existing login's password; to change it:
--   ALTER LOGIN [kolektor] WITH PASSWORD = N'...';
-- and update SUBIEKT_PASSWORD in the secrets file.
--
-- Verified: parsed as T-SQL by sqlglot in Kolektor's tests. Not run on a SQL Server by the
-- authors (none is reachable from where Kolektor is developed).

USE [<BAZA>];
GO

-- Stop unless this is a Subiekt GT database (<BAZA> not replaced, or a wrong name).
IF OBJECT_ID(N'dbo.dok__Dokument', N'U') IS NULL
BEGIN
    RAISERROR (N'This is not a Subiekt GT database: put the company''s database name in USE at the top (the BAZA placeholder). Nothing was created.', 16, 1);
    SET NOEXEC ON;
END;
GO

IF NOT EXISTS (SELECT 1 FROM sys.server_principals WHERE name = N'kolektor')
    CREATE LOGIN [kolektor] WITH PASSWORD = N'<HASLO>', CHECK_POLICY = ON, CHECK_EXPIRATION = OFF;
GO

-- Stop if the login has the placeholder for a password (<HASLO> not replaced). The
-- placeholder is written in two pieces here, so replacing it above leaves this check alone.
IF EXISTS (SELECT 1 FROM sys.sql_logins
           WHERE name = N'kolektor' AND PWDCOMPARE(N'<HAS' + N'LO>', password_hash) = 1)
BEGIN
    DROP LOGIN [kolektor];
    RAISERROR (N'The kolektor login still has the HASLO placeholder for a password: put a real one in CREATE LOGIN. Nothing was created.', 16, 1);
    SET NOEXEC ON;
END;
GO

IF NOT EXISTS (SELECT 1 FROM sys.database_principals WHERE name = N'kolektor')
    CREATE USER [kolektor] FOR LOGIN [kolektor];
ELSE
    ALTER USER [kolektor] WITH LOGIN = [kolektor];
GO

-- SELECT on the tables Kolektor reads, and nothing else.
GRANT SELECT ON [dbo].[adr_Email] TO [kolektor];
GRANT SELECT ON [dbo].[adr_Historia] TO [kolektor];
GRANT SELECT ON [dbo].[adr__Ewid] TO [kolektor];
GRANT SELECT ON [dbo].[dok_Pozycja] TO [kolektor];
GRANT SELECT ON [dbo].[dok_Vat] TO [kolektor];
GRANT SELECT ON [dbo].[dok__Dokument] TO [kolektor];
GRANT SELECT ON [dbo].[fl_Wartosc] TO [kolektor];
GRANT SELECT ON [dbo].[kh__Kontrahent] TO [kolektor];
GRANT SELECT ON [dbo].[pw_Dane] TO [kolektor];
GRANT SELECT ON [dbo].[sl_FormaPlatnosci] TO [kolektor];
GRANT SELECT ON [dbo].[sl_Kategoria] TO [kolektor];
GRANT SELECT ON [dbo].[sl_Magazyn] TO [kolektor];
GRANT SELECT ON [dbo].[sl_Panstwo] TO [kolektor];
GRANT SELECT ON [dbo].[sl_StawkaVAT] TO [kolektor];
GRANT SELECT ON [dbo].[tel__Ewid] TO [kolektor];
GRANT SELECT ON [dbo].[tw_JednMiary] TO [kolektor];
GRANT SELECT ON [dbo].[tw_KodKreskowy] TO [kolektor];
GRANT SELECT ON [dbo].[tw_Stan] TO [kolektor];
GRANT SELECT ON [dbo].[tw__Towar] TO [kolektor];
GO

SET NOEXEC OFF;
GO
