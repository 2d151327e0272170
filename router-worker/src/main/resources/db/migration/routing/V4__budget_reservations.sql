-- Cluster-wide budget reservations (router-worker's budget package; README "Budgets").
-- One row per tenant and UTC month: what routers settled (actual costs of calls made) and what is
-- reserved by calls in flight. A call reserves its worst case before it starts, only when
-- max(settled, the ledger's month-to-date spend) + reserved + worst case stays within the budget.
CREATE TABLE budget_accounts (
    tenant_id       TEXT COLLATE "C" NOT NULL,
    usage_month     TEXT           NOT NULL, -- yyyy-MM, UTC
    settled_usd     NUMERIC(24, 9) NOT NULL DEFAULT 0,
    settled_tokens  BIGINT         NOT NULL DEFAULT 0,
    reserved_usd    NUMERIC(24, 9) NOT NULL DEFAULT 0,
    reserved_tokens BIGINT         NOT NULL DEFAULT 0,
    PRIMARY KEY (tenant_id, usage_month)
);

-- One open reservation per provider call (its id is the call's event id). A worker that dies
-- leaves its reservations behind; they expire and any worker's sweep gives them back.
CREATE TABLE budget_reservations (
    reservation_id TEXT COLLATE "C" PRIMARY KEY,
    tenant_id      TEXT COLLATE "C" NOT NULL,
    usage_month    TEXT           NOT NULL,
    usd            NUMERIC(24, 9) NOT NULL,
    tokens         BIGINT         NOT NULL,
    expires_at     TIMESTAMPTZ    NOT NULL
);
CREATE INDEX budget_reservations_expiry ON budget_reservations (expires_at);

-- Reserves p_usd and p_tokens for one call, atomically under the account's row lock.
-- Answers 'granted' (reserved, or reserved already under this id), 'busy' (does not fit now, but
-- would once calls in flight settle) or 'refused' (does not fit even with nothing in flight).
-- A null budget or quota is no limit.
CREATE FUNCTION reserve_budget(
    p_id TEXT, p_tenant TEXT, p_month TEXT, p_usd NUMERIC, p_tokens BIGINT,
    p_budget NUMERIC, p_quota BIGINT, p_ledger_usd NUMERIC, p_ledger_tokens BIGINT, p_expires TIMESTAMPTZ)
RETURNS TEXT LANGUAGE plpgsql AS $$
DECLARE
    a routing.budget_accounts%ROWTYPE;
    spent NUMERIC;
    spent_tokens BIGINT;
BEGIN
    SELECT * INTO a FROM routing.budget_accounts WHERE tenant_id = p_tenant AND usage_month = p_month FOR UPDATE;
    IF NOT FOUND THEN
        INSERT INTO routing.budget_accounts (tenant_id, usage_month) VALUES (p_tenant, p_month)
        ON CONFLICT DO NOTHING;
        SELECT * INTO a FROM routing.budget_accounts WHERE tenant_id = p_tenant AND usage_month = p_month FOR UPDATE;
    END IF;
    IF EXISTS (SELECT 1 FROM routing.budget_reservations WHERE reservation_id = p_id) THEN
        RETURN 'granted';
    END IF;
    spent := GREATEST(a.settled_usd, p_ledger_usd);
    spent_tokens := GREATEST(a.settled_tokens, p_ledger_tokens);
    IF (p_budget IS NOT NULL AND spent + p_usd > p_budget)
       OR (p_quota IS NOT NULL AND spent_tokens + p_tokens > p_quota) THEN
        RETURN 'refused';
    END IF;
    IF (p_budget IS NOT NULL AND spent + a.reserved_usd + p_usd > p_budget)
       OR (p_quota IS NOT NULL AND spent_tokens + a.reserved_tokens + p_tokens > p_quota) THEN
        RETURN 'busy';
    END IF;
    UPDATE routing.budget_accounts
       SET reserved_usd = reserved_usd + p_usd, reserved_tokens = reserved_tokens + p_tokens
     WHERE tenant_id = p_tenant AND usage_month = p_month;
    INSERT INTO routing.budget_reservations (reservation_id, tenant_id, usage_month, usd, tokens, expires_at)
    VALUES (p_id, p_tenant, p_month, p_usd, p_tokens, p_expires);
    RETURN 'granted';
END $$;

-- Ends a reservation: gives back what it held and adds the call's actual cost and tokens (zero
-- when nothing was billed) to the month it was reserved in. A reservation already ended (the same
-- call settled twice by a redelivered job) or expired adds nothing: the ledger, which counts each
-- call once, stands in for it through max(settled, ledger).
CREATE FUNCTION settle_budget(p_id TEXT, p_tenant TEXT, p_month TEXT, p_usd NUMERIC, p_tokens BIGINT)
RETURNS VOID LANGUAGE plpgsql AS $$
DECLARE
    held_usd NUMERIC := 0;
    held_tokens BIGINT := 0;
BEGIN
    DELETE FROM routing.budget_reservations WHERE reservation_id = p_id RETURNING usd, tokens INTO held_usd, held_tokens;
    IF NOT FOUND THEN
        RETURN;
    END IF;
    UPDATE routing.budget_accounts
       SET reserved_usd = GREATEST(0, reserved_usd - COALESCE(held_usd, 0)),
           reserved_tokens = GREATEST(0, reserved_tokens - COALESCE(held_tokens, 0)),
           settled_usd = settled_usd + p_usd,
           settled_tokens = settled_tokens + p_tokens
     WHERE tenant_id = p_tenant AND usage_month = p_month;
END $$;
