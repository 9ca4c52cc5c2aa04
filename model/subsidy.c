/*
 * subsidy.c — cohort accounting for subsidy rates and fair value (definitions in subsidy.h).
 *
 * Per path, per segment and cohort, two chains of loan counts run side by side: the budget's,
 * whose defaults are the path's own (D_t/N_t of the segment, shared out by loans), and the fair
 * value's, whose default rate is raised by p*(Y) - p(Y), the risk-neutral conditional PD
 * p* = Phi(z + lambda sqrt(rho)/sqrt(1 - rho)) minus the path's p = Phi(z) (Gaussian copula:
 * the same as shifting Phi^-1(pd) by lambda sqrt(rho)). Both see the same disbursements. The
 * city's flows per loan follow each mechanism's rules from its own aggregates of the year (the
 * corridor and caps of risk compensation per bank, the insurance stop-loss, the interest cap),
 * as model/risk_comp.c, guarantee.c, insurance.c and interest.c compute them, but as claims
 * (before a pool cap defers them: the cohort owes them). With lambda = 0 and the risk-free rate
 * equal to discount_rate the fair value is the budget cost, cell for cell.
 */
#include "subsidy.h"

#include "insurance.h"
#include "portfolio.h"
#include "risk_comp.h"
#include "sample.h"
#include "sim.h"
#include "stats.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

const char *const sf_subsidy_component_names[SF_SUBSIDY_NCOMP] = {"defaults", "fees", "interest", "other", "total"};

/* Each slot's mechanism and component. */
static const int slot_mech[SF_SUBSIDY_NSLOTS] = {
    SF_SUBSIDY_M_RISK_COMP, SF_SUBSIDY_M_GUARANTEE, SF_SUBSIDY_M_GUARANTEE, SF_SUBSIDY_M_GUARANTEE,
    SF_SUBSIDY_M_INSURANCE, SF_SUBSIDY_M_INSURANCE, SF_SUBSIDY_M_INTEREST,
};
static const int slot_comp[SF_SUBSIDY_NSLOTS] = {
    SF_SUBSIDY_C_DEFAULTS, SF_SUBSIDY_C_DEFAULTS, SF_SUBSIDY_C_FEES, SF_SUBSIDY_C_OTHER,
    SF_SUBSIDY_C_DEFAULTS, SF_SUBSIDY_C_FEES,     SF_SUBSIDY_C_INTEREST,
};
static const int mech_list_index[SF_SUBSIDY_NMECH] = {
    SF_MECHANISM_INDEX_risk_comp, SF_MECHANISM_INDEX_guarantee, SF_MECHANISM_INDEX_insurance,
    SF_MECHANISM_INDEX_interest,
};

static int mech_enabled(const sf_scenario *sc, int m)
{
    switch (m) {
    case SF_SUBSIDY_M_RISK_COMP:
        return sc->risk_comp.enabled;
    case SF_SUBSIDY_M_GUARANTEE:
        return sc->guarantee.enabled;
    case SF_SUBSIDY_M_INSURANCE:
        return sc->insurance.enabled;
    default:
        return sc->interest.enabled;
    }
}

void sf_subsidy_layout_init(sf_subsidy_layout *L, const sf_scenario *sc)
{
    memset(L, 0, sizeof *L);
    L->years = sc->sim.years;
    for (int m = 0; m < SF_SUBSIDY_NMECH; m++)
        if (mech_enabled(sc, m))
            L->mech[L->nmech++] = m;
    for (int j = 0; j < SF_SUBSIDY_NSLOTS; j++)
        if (mech_enabled(sc, slot_mech[j]))
            L->slot[L->nslot++] = j;
    L->per_cohort = L->nmech > 0 ? 2 * (size_t)L->nslot + (size_t)L->nmech + 1 : 0;
    if (L->nmech == 0)
        return;
    /* Rows: per cohort, then every cohort; per mechanism the components it has and its total,
     * then every mechanism with every component and the total. */
    for (int co = 0; co <= L->years; co++)
        for (int mi = 0; mi <= L->nmech; mi++)
            for (int comp = 0; comp < SF_SUBSIDY_NCOMP; comp++) {
                int any = mi == L->nmech || comp == SF_SUBSIDY_C_TOTAL;
                for (int k = 0; k < L->nslot && !any; k++)
                    any = slot_mech[L->slot[k]] == L->mech[mi] && slot_comp[L->slot[k]] == comp;
                if (any)
                    L->row[L->nrows++] = (sf_subsidy_spec){co < L->years ? co : -1, mi < L->nmech ? mi : -1, comp};
            }
    L->fair_same = sc->econ.market_price_of_risk == 0.0 && sf_subsidy_risk_free_rate(sc) == sc->sim.discount_rate;
    L->row_cells = L->fair_same ? 2 : SF_SUBSIDY_ROW_CELLS;
    L->disb_cells = L->fair_same ? 1 : 2;
    L->disb0 = (size_t)L->nrows * (size_t)L->row_cells;
    L->ncells = L->disb0 + (size_t)(L->years + 1) * (size_t)(L->nmech + 1) * (size_t)L->disb_cells;
}

size_t sf_subsidy_row_cell(const sf_subsidy_layout *L, int i, int k)
{
    return (size_t)i * (size_t)L->row_cells + (size_t)(L->fair_same && k >= SF_SUBSIDY_ROW_FAIR_OUT ? k - 2 : k);
}

size_t sf_subsidy_disb_cell(const sf_subsidy_layout *L, int cohort, int mi, int basis)
{
    const size_t co = cohort < 0 ? (size_t)L->years : (size_t)cohort;
    const size_t m = mi < 0 ? (size_t)L->nmech : (size_t)mi;
    return L->disb0 + (co * (size_t)(L->nmech + 1) + m) * (size_t)L->disb_cells + (L->fair_same ? 0 : (size_t)basis);
}

size_t sf_subsidy_cell_source(const sf_subsidy_layout *L, size_t cell)
{
    if (cell >= L->disb0)
        return cell;
    const size_t i = cell / (size_t)L->row_cells;
    /* A mechanism's total row follows its components' rows: with one component it is that row. */
    const sf_subsidy_spec *sp = &L->row[i];
    if (sp->mi >= 0 && sp->comp == SF_SUBSIDY_C_TOTAL && i > 0) {
        int ncomp = 0;
        for (int k2 = 0; k2 < L->nslot; k2++)
            ncomp += slot_mech[L->slot[k2]] == L->mech[sp->mi];
        if (ncomp == 1)
            return cell - (size_t)L->row_cells;
    }
    return cell;
}

double sf_subsidy_risk_free_rate(const sf_scenario *sc)
{
    return sc->econ.nrisk_free_rate_given > 0 ? sc->econ.risk_free_rate_given[0] : sc->sim.discount_rate;
}

/* Offsets inside a cohort's cells. */
static size_t off_out(const sf_subsidy_layout *L, int basis, int k) /* k: index into L->slot */
{
    return (size_t)basis * (size_t)L->nslot + (size_t)k;
}
static size_t off_disb(const sf_subsidy_layout *L, int i) /* i: index into L->mech, or L->nmech: all loans */
{
    return 2 * (size_t)L->nslot + (size_t)i;
}

/* One chain's per-loan flows of a year, per segment and slot: a per performing loan at the start
 * of the year, b per defaulted loan in the year, c recovered per defaulted loan recovery_lag
 * years later (an inflow). */
typedef struct units {
    double *a, *b, *c; /* [nseg][NSLOTS] */
} units;

struct sf_subsidy_ws {
    sf_subsidy_layout L;
    size_t nseg;
    int H, nbanks, nsectors, fair_same, maxk;
    double lambda;
    /* per segment, fixed */
    double *sqrt_rho, *inv_sqrt_1mrho, *thr_gauss, *thr_t, *probit_lgd, *shift;
    double *supp; /* [nseg][NMECH + 1] principal per loan each mechanism supports (x = 1), then A */
    /* per path */
    double *nb, *nf; /* [nseg][H] loans of each cohort, budget and fair chains */
    double *acc;     /* [L.ncells] PVs at the cohort's year so far */
    double x_last;
    int *mat; /* [nseg] a loan book's maturity year of the loan alive after the last year seen */
    /* scratch */
    double *agg, *dr, *lgd, *mr, *drf, *aggf; /* [nseg] */
    double *bank_dp, *bank_bal, *bank_claim;  /* [nbanks] */
    units ub, uf;
    double *pvb, *pvf; /* [nseg][NSLOTS] run-off PV per chain, discounted to year H */
    double *G, *S;     /* run-off factor state: G, S[nsectors] */
    double *vb, *vf;   /* discount factors (1 + r)^-k, k = 0 .. maxk */
    /* Per segment, fixed for the run: the factors of year_units' flows that do not depend on the
     * path, computed once with the same operations in the same order as the flows use them (so
     * every flow is the same double as when they were computed per segment-year). */
    int *bank, *sector;                 /* [nseg] seg_bank(); the segment's sector, 0 if out of range */
    double *rc_share_amount;            /* [nseg] sf_risk_comp_loan_share() x avg_amount */
    double *in_fee;                     /* [nseg] insurance premium subsidy per loan */
    double *is_srate, *is_elig, *is_se; /* [nseg] interest subsidy rate, eligible share, their product */
    double *inv_tenor;                  /* [nseg] 1 / tenor */
    double *corr;                       /* [nbanks] scratch: each bank's corridor fraction of the year */
    double *ysec;                       /* [nsectors] scratch: a run-off year's factor per sector */
    size_t *all, *live, nlive;          /* [nseg] 0 .. nseg-1; the run-off's segments not yet run off */
    double *nb_left, *nf_left;          /* [nseg] loans left at the horizon, per chain (the cohorts' sums) */
};

static int seg_bank(const sf_subsidy_ws *ws, const sf_segment *sg)
{
    return sg->bank >= 0 && sg->bank < ws->nbanks ? sg->bank : 0;
}

void sf_subsidy_ws_free(sf_subsidy_ws *ws)
{
    if (ws == NULL)
        return;
    free(ws->sqrt_rho);
    free(ws->inv_sqrt_1mrho);
    free(ws->thr_gauss);
    free(ws->thr_t);
    free(ws->probit_lgd);
    free(ws->shift);
    free(ws->supp);
    free(ws->nb);
    free(ws->nf);
    free(ws->acc);
    free(ws->agg);
    free(ws->dr);
    free(ws->lgd);
    free(ws->mr);
    free(ws->drf);
    free(ws->aggf);
    free(ws->bank_dp);
    free(ws->bank_bal);
    free(ws->bank_claim);
    free(ws->ub.a);
    free(ws->ub.b);
    free(ws->ub.c);
    free(ws->uf.a);
    free(ws->uf.b);
    free(ws->uf.c);
    free(ws->pvb);
    free(ws->pvf);
    free(ws->G);
    free(ws->S);
    free(ws->vb);
    free(ws->vf);
    free(ws->mat);
    free(ws->bank);
    free(ws->sector);
    free(ws->rc_share_amount);
    free(ws->in_fee);
    free(ws->is_srate);
    free(ws->is_elig);
    free(ws->is_se);
    free(ws->inv_tenor);
    free(ws->corr);
    free(ws->ysec);
    free(ws->all);
    free(ws->live);
    free(ws->nb_left);
    free(ws->nf_left);
    free(ws);
}

sf_subsidy_ws *sf_subsidy_ws_alloc(const sf_scenario *sc, const sf_subsidy_layout *L)
{
    sf_subsidy_ws *ws = calloc(1, sizeof *ws);
    if (ws == NULL)
        return NULL;
    ws->L = *L;
    ws->nseg = sc->nsegs;
    ws->H = sc->sim.years;
    ws->nbanks = sc->nbanks > 0 ? sc->nbanks : 1;
    ws->nsectors = sc->nsectors > 0 ? sc->nsectors : 1;
    ws->lambda = sc->econ.market_price_of_risk;
    const double r = sc->sim.discount_rate, rf = sf_subsidy_risk_free_rate(sc);
    ws->fair_same = ws->lambda == 0.0 && rf == r;
    const int lag = sc->sim.recovery_lag > 0 ? sc->sim.recovery_lag : 0;
    ws->maxk = ws->H + SF_SUBSIDY_RUNOFF_MAX_YEARS + lag + 1;
    const size_t ns = ws->nseg ? ws->nseg : 1, H = (size_t)(ws->H > 0 ? ws->H : 1);
    const size_t nu = ns * SF_SUBSIDY_NSLOTS;
    ws->sqrt_rho = malloc(ns * sizeof(double));
    ws->inv_sqrt_1mrho = malloc(ns * sizeof(double));
    ws->thr_gauss = malloc(ns * sizeof(double));
    ws->thr_t = malloc(ns * sizeof(double));
    ws->probit_lgd = malloc(ns * sizeof(double));
    ws->shift = malloc(ns * sizeof(double));
    ws->supp = calloc(ns * (SF_SUBSIDY_NMECH + 1), sizeof(double));
    ws->nb = calloc(ns * H, sizeof(double));
    ws->nf = calloc(ns * H, sizeof(double));
    ws->acc = calloc((size_t)(L->years > 0 ? L->years : 1) * (L->per_cohort ? L->per_cohort : 1), sizeof(double));
    ws->agg = calloc(ns, sizeof(double));
    ws->dr = calloc(ns, sizeof(double));
    ws->lgd = calloc(ns, sizeof(double));
    ws->mr = calloc(ns, sizeof(double));
    ws->drf = calloc(ns, sizeof(double));
    ws->aggf = calloc(ns, sizeof(double));
    ws->bank_dp = calloc((size_t)ws->nbanks, sizeof(double));
    ws->bank_bal = calloc((size_t)ws->nbanks, sizeof(double));
    ws->bank_claim = calloc((size_t)ws->nbanks, sizeof(double));
    ws->ub.a = calloc(nu, sizeof(double));
    ws->ub.b = calloc(nu, sizeof(double));
    ws->ub.c = calloc(nu, sizeof(double));
    ws->uf.a = calloc(nu, sizeof(double));
    ws->uf.b = calloc(nu, sizeof(double));
    ws->uf.c = calloc(nu, sizeof(double));
    ws->pvb = calloc(nu, sizeof(double));
    ws->pvf = calloc(nu, sizeof(double));
    ws->G = calloc(1, sizeof(double));
    ws->S = calloc((size_t)ws->nsectors, sizeof(double));
    ws->vb = malloc((size_t)(ws->maxk + 1) * sizeof(double));
    ws->vf = malloc((size_t)(ws->maxk + 1) * sizeof(double));
    ws->mat = calloc(ns, sizeof(int));
    ws->bank = calloc(ns, sizeof(int));
    ws->sector = calloc(ns, sizeof(int));
    ws->rc_share_amount = calloc(ns, sizeof(double));
    ws->in_fee = calloc(ns, sizeof(double));
    ws->is_srate = calloc(ns, sizeof(double));
    ws->is_elig = calloc(ns, sizeof(double));
    ws->is_se = calloc(ns, sizeof(double));
    ws->inv_tenor = calloc(ns, sizeof(double));
    ws->corr = calloc((size_t)ws->nbanks, sizeof(double));
    ws->ysec = calloc((size_t)ws->nsectors, sizeof(double));
    ws->all = calloc(ns, sizeof(size_t));
    ws->live = calloc(ns, sizeof(size_t));
    ws->nb_left = calloc(ns, sizeof(double));
    ws->nf_left = calloc(ns, sizeof(double));
    if (!ws->bank || !ws->sector || !ws->rc_share_amount || !ws->in_fee || !ws->is_srate || !ws->is_elig ||
        !ws->is_se || !ws->inv_tenor || !ws->corr || !ws->ysec || !ws->all || !ws->live || !ws->nb_left || !ws->nf_left) {
        sf_subsidy_ws_free(ws);
        return NULL;
    }
    if (!ws->mat || !ws->sqrt_rho || !ws->inv_sqrt_1mrho || !ws->thr_gauss || !ws->thr_t || !ws->probit_lgd || !ws->shift ||
        !ws->supp || !ws->nb || !ws->nf || !ws->acc || !ws->agg || !ws->dr || !ws->lgd || !ws->mr || !ws->drf ||
        !ws->aggf || !ws->bank_dp || !ws->bank_bal || !ws->bank_claim || !ws->ub.a || !ws->ub.b || !ws->ub.c ||
        !ws->uf.a || !ws->uf.b || !ws->uf.c || !ws->pvb || !ws->pvf || !ws->G || !ws->S || !ws->vb || !ws->vf) {
        sf_subsidy_ws_free(ws);
        return NULL;
    }
    for (size_t s = 0; s < ws->nseg; s++) {
        const sf_segment *g = &sc->segs[s];
        ws->sqrt_rho[s] = sqrt(g->rho);
        ws->inv_sqrt_1mrho[s] = 1.0 / sqrt(1.0 - g->rho);
        ws->thr_gauss[s] = g->pd > 0.0 ? gsl_cdf_ugaussian_Pinv(g->pd) : -INFINITY;
        ws->thr_t[s] = (sc->econ.copula == SF_COPULA_T && g->pd > 0.0) ? gsl_cdf_tdist_Pinv(g->pd, sc->econ.t_dof)
                                                                        : -INFINITY;
        ws->probit_lgd[s] = (g->lgd > 0.0 && g->lgd < 1.0) ? gsl_cdf_ugaussian_Pinv(g->lgd) : 0.0;
        /* Phi^-1(pd) + lambda sqrt(rho) in the conditional probit (thr - sqrt(rho) Y)/sqrt(1 - rho). */
        ws->shift[s] = ws->lambda * ws->sqrt_rho[s] * ws->inv_sqrt_1mrho[s];
        const double A = g->avg_amount;
        double *sp = ws->supp + s * (SF_SUBSIDY_NMECH + 1);
        sp[SF_SUBSIDY_M_RISK_COMP] = g->compensation_eligible * A;
        sp[SF_SUBSIDY_M_GUARANTEE] = g->guaranteed * A;
        sp[SF_SUBSIDY_M_INSURANCE] = g->insured * A;
        sp[SF_SUBSIDY_M_INTEREST] =
            g->interest_subsidy > 0.0 ? (sc->interest.rate_share > 0.0 ? g->interest_subsidy : 1.0) * A : 0.0;
        sp[SF_SUBSIDY_NMECH] = A;
        ws->all[s] = s;
        ws->bank[s] = seg_bank(ws, g);
        ws->sector[s] = g->sector >= 0 && g->sector < ws->nsectors ? g->sector : 0;
        ws->rc_share_amount[s] = sf_risk_comp_loan_share(&sc->risk_comp, A, g->product) * A;
        const sf_insurance_params *ip = &sc->insurance;
        ws->in_fee[s] = ip->premium_subsidy_share * ip->premium_rate * g->insured * A;
        const sf_interest_params *ir = &sc->interest;
        ws->is_elig[s] = ir->rate_share > 0.0 ? g->interest_subsidy : 1.0;
        ws->is_srate[s] = ir->rate_share > 0.0 ? ir->rate_share * g->rate : g->interest_subsidy;
        ws->is_se[s] = ws->is_srate[s] * ws->is_elig[s];
        ws->inv_tenor[s] = 1.0 / g->tenor;
    }
    ws->vb[0] = ws->vf[0] = 1.0;
    for (int k = 1; k <= ws->maxk; k++) {
        ws->vb[k] = ws->vb[k - 1] / (1.0 + r);
        ws->vf[k] = ws->vf[k - 1] / (1.0 + rf);
    }
    return ws;
}

void sf_subsidy_path_init(sf_subsidy_ws *ws)
{
    const size_t n = (ws->nseg ? ws->nseg : 1) * (size_t)(ws->H > 0 ? ws->H : 1);
    memset(ws->nb, 0, n * sizeof(double));
    memset(ws->nf, 0, n * sizeof(double));
    memset(ws->acc, 0, (size_t)(ws->H > 0 ? ws->H : 1) * (ws->L.per_cohort ? ws->L.per_cohort : 1) * sizeof(double));
    ws->x_last = 1.0;
}

/* The per-loan flows of one chain's year from its aggregates: n[s] loans at the start of the
 * year, default rate dr[s], mean LGD lgd[s]; x the guarantee's ration, inj its injection. Only
 * the segments idx[0..m) are priced (in that order, increasing): those left out have no loan
 * (n = 0) and their flows are not read. Each flow and each sum is the same expression, added in
 * the same order, as when every mechanism visited every segment on its own; the factors that
 * do not depend on the path come from the workspace (sf_subsidy_ws_alloc), the corridor is
 * evaluated once per bank, and a slot no mechanism writes keeps the 0 of the allocation (a
 * segment without loans this year is zeroed whole, as it is not written). */
static void year_units(sf_subsidy_ws *ws, const sf_scenario *sc, const size_t *idx, size_t m, const double *n,
                       const double *dr, const double *lgd, double x, double inj, units *u)
{
    const int rc = sc->risk_comp.enabled, gu = sc->guarantee.enabled, in = sc->insurance.enabled,
              is = sc->interest.enabled;
    const sf_risk_comp_params *rp = &sc->risk_comp;
    const sf_guarantee_params *gp = &sc->guarantee;
    const sf_insurance_params *ip = &sc->insurance;
    const sf_interest_params *sp = &sc->interest;
    if (rc)
        for (int b = 0; b < ws->nbanks; b++)
            ws->bank_dp[b] = ws->bank_bal[b] = ws->bank_claim[b] = 0.0;
    /* The year's sums: per bank (Art. 55 corridor), insured (Art. 64 stop-loss), interest demand. */
    double ib = 0.0, dp = 0.0, demand = 0.0;
    for (size_t i = 0; i < m; i++) {
        const size_t s = idx[i];
        if (!(n[s] > 0.0)) { /* no loan: nothing to add, no flow to price */
            const size_t o = s * SF_SUBSIDY_NSLOTS;
            for (int j = 0; j < SF_SUBSIDY_NSLOTS; j++)
                u->a[o + (size_t)j] = u->b[o + (size_t)j] = u->c[o + (size_t)j] = 0.0;
            continue;
        }
        const sf_segment *sg = &sc->segs[s];
        if (rc) {
            const int b = ws->bank[s];
            ws->bank_bal[b] += sg->compensation_eligible * n[s] * sg->avg_amount;
            ws->bank_dp[b] += sg->compensation_eligible * n[s] * dr[s] * sg->avg_amount;
        }
        if (in) {
            ib += sg->insured * n[s] * sg->avg_amount;
            dp += sg->insured * n[s] * dr[s] * sg->avg_amount;
        }
        if (is && sg->interest_subsidy > 0.0)
            demand += ws->is_se[s] * n[s] * sg->avg_amount;
    }
    if (rc)
        for (int b = 0; b < ws->nbanks; b++) {
            ws->bank_bal[b] = ws->bank_bal[b] > 0.0 ? ws->bank_dp[b] / ws->bank_bal[b] : 0.0; /* NPL ratio */
            ws->corr[b] = sf_risk_comp_corridor_fraction(rp, ws->bank_bal[b]);
        }
    /* Art. 60: the injection is shared by guaranteed balance; without one the book is not read. */
    double book = 0.0;
    if (gu && inj > 0.0)
        for (size_t i = 0; i < m; i++) {
            const size_t s = idx[i];
            book += x * sc->segs[s].guaranteed * sc->segs[s].avg_amount * n[s];
        }
    const double stop = in ? sf_insurance_stoploss(ip, ip->insurer_share * dp, ip->premium_rate * ib) : 0.0;
    const double per_dp = dp > 0.0 ? stop / dp : 0.0;
    const double k = sp->cap > 0.0 && demand > sp->cap ? sp->cap / demand : 1.0; /* Art. 21/57: the yearly cap */

    for (size_t i = 0; i < m; i++) {
        const size_t s = idx[i];
        if (!(n[s] > 0.0))
            continue;
        const sf_segment *sg = &sc->segs[s];
        double *a = u->a + s * SF_SUBSIDY_NSLOTS, *b = u->b + s * SF_SUBSIDY_NSLOTS, *c = u->c + s * SF_SUBSIDY_NSLOTS;
        if (rc) { /* Art. 55, as risk_comp.c: corridor per bank, loan and bank caps */
            double per_loan = ws->rc_share_amount[s] * ws->corr[ws->bank[s]];
            if (rp->loan_cap > 0.0 && per_loan > rp->loan_cap)
                per_loan = rp->loan_cap;
            b[SF_SUBSIDY_SLOT_RC_DEFAULTS] = sg->compensation_eligible * per_loan;
            ws->bank_claim[ws->bank[s]] += sg->compensation_eligible * n[s] * dr[s] * per_loan;
        }
        if (gu) { /* Art. 60, as guarantee.c: the city's share of losses and the fee subsidy */
            const double gb = x * sg->guaranteed * sg->avg_amount;
            const double rate = sg->avg_amount > gp->large_threshold ? gp->fee_rate_large : gp->fee_rate;
            a[SF_SUBSIDY_SLOT_G_FEES] = gp->fee_subsidy_rate * gb + gp->fee_subsidy_share * rate * gb;
            a[SF_SUBSIDY_SLOT_G_OTHER] = inj > 0.0 && book > 0.0 ? inj * gb / book : 0.0;
            b[SF_SUBSIDY_SLOT_G_DEFAULTS] = gp->city_share * gb;
            c[SF_SUBSIDY_SLOT_G_DEFAULTS] = gp->city_share * gb * (1.0 - lgd[s]);
        }
        if (in) { /* Art. 64, as insurance.c: premium subsidy; the stop-loss per insured default */
            a[SF_SUBSIDY_SLOT_IN_FEES] = ws->in_fee[s];
            b[SF_SUBSIDY_SLOT_IN_DEFAULTS] = dp > 0.0 ? per_dp * sg->insured * sg->avg_amount : 0.0;
        }
        if (is && sg->interest_subsidy > 0.0) /* Art. 21/57, as interest.c: within the yearly cap */
            a[SF_SUBSIDY_SLOT_IS_INTEREST] = k * ws->is_srate[s] * ws->is_elig[s] * sg->avg_amount;
    }

    if (rc) /* the bank cap scales the bank's claims; recoveries flow back pro rata: claim x (1 - LGD) */
        for (size_t i = 0; i < m; i++) {
            const size_t s = idx[i];
            if (!(n[s] > 0.0))
                continue;
            const int bk = ws->bank[s];
            double *v = &u->b[s * SF_SUBSIDY_NSLOTS + SF_SUBSIDY_SLOT_RC_DEFAULTS];
            if (rp->bank_cap > 0.0 && ws->bank_claim[bk] > rp->bank_cap)
                *v *= rp->bank_cap / ws->bank_claim[bk];
            u->c[s * SF_SUBSIDY_NSLOTS + SF_SUBSIDY_SLOT_RC_DEFAULTS] = *v * (1.0 - lgd[s]);
        }
}

static double clamp01(double v)
{
    return v < 0.0 ? 0.0 : (v > 1.0 ? 1.0 : v);
}

/* The year's flows of one chain's cohorts into acc (basis 0 budget, 1 fair), then their ageing. */
static void chain_year(sf_subsidy_ws *ws, const sf_scenario *sc, int t, int basis, double *chain, const double *dr,
                       const units *u)
{
    const sf_subsidy_layout *L = &ws->L;
    const int lag = sc->sim.recovery_lag > 0 ? sc->sim.recovery_lag : 0;
    const double *v = basis ? ws->vf : ws->vb;
    const int H = ws->H;
    for (size_t s = 0; s < ws->nseg; s++) {
        const double *a = u->a + s * SF_SUBSIDY_NSLOTS, *b = u->b + s * SF_SUBSIDY_NSLOTS,
                     *c = u->c + s * SF_SUBSIDY_NSLOTS;
        for (int co = 0; co <= t; co++) {
            double *nc = &chain[s * (size_t)H + (size_t)co];
            if (!(*nc > 0.0))
                continue;
            const double d = *nc * dr[s];
            double *acc = ws->acc + (size_t)co * L->per_cohort;
            const double v0 = v[t - co], vl = v[t - co + lag];
            for (int k = 0; k < L->nslot; k++) {
                const int j = L->slot[k];
                acc[off_out(L, basis, k)] += *nc * a[j] * v0 + d * (b[j] * v0 - c[j] * vl);
            }
            *nc = (*nc - d) * (1.0 - ws->mr[s]);
        }
    }
}

void sf_subsidy_year_step(sf_subsidy_ws *ws, const sf_scenario *sc, const sf_portfolio_year *py,
                          double guarantee_ration, double guarantee_injection)
{
    const sf_subsidy_layout *L = &ws->L;
    const int t = py->t, H = ws->H;
    if (L->ncells == 0 || t < 0 || t >= H)
        return;
    const double x = isfinite(guarantee_ration) ? guarantee_ration : 1.0;
    const double inj = isfinite(guarantee_injection) ? guarantee_injection : 0.0;
    ws->x_last = x;
    double *accd = ws->acc + (size_t)t * L->per_cohort;
    for (size_t s = 0; s < ws->nseg; s++) {
        const double N = py->n[s], D = py->defaults[s];
        /* The loans that entered the book this year are this year's cohort. */
        double old = 0.0;
        for (int co = 0; co < t; co++)
            old += ws->nb[s * (size_t)H + (size_t)co];
        const double fresh = N - old > 0.0 ? N - old : 0.0;
        ws->nb[s * (size_t)H + (size_t)t] = fresh;
        ws->nf[s * (size_t)H + (size_t)t] = fresh;
        const double *sp = ws->supp + s * (SF_SUBSIDY_NMECH + 1);
        for (int i = 0; i < L->nmech; i++)
            accd[off_disb(L, i)] += fresh * sp[L->mech[i]] * (L->mech[i] == SF_SUBSIDY_M_GUARANTEE ? x : 1.0);
        accd[off_disb(L, L->nmech)] += fresh * sp[SF_SUBSIDY_NMECH];
        ws->dr[s] = N > 0.0 ? clamp01(D / N) : 0.0;
        ws->lgd[s] = py->lgd[s];
        const double S = N - D;
        const double M = py->matured ? py->matured[s] : NAN;
        ws->mr[s] = isfinite(M) && S > 0.0 ? clamp01(M / S) : py->maturing[s];
        ws->agg[s] = old + fresh;
        ws->mat[s] = py->maturity ? py->maturity[s] : 0;
    }
    year_units(ws, sc, ws->all, ws->nseg, ws->agg, ws->dr, ws->lgd, x, inj, &ws->ub);
    chain_year(ws, sc, t, 0, ws->nb, ws->dr, &ws->ub);
    if (ws->fair_same)
        return;
    for (size_t s = 0; s < ws->nseg; s++) {
        double nf = 0.0;
        for (int co = 0; co <= t; co++)
            nf += ws->nf[s * (size_t)H + (size_t)co];
        ws->aggf[s] = nf;
        const double z = py->pd_probit[s];
        const double delta = isfinite(z) && ws->lambda != 0.0 ? sf_normal_cdf(z + ws->shift[s]) - sf_normal_cdf(z) : 0.0;
        ws->drf[s] = clamp01(ws->dr[s] + delta);
    }
    year_units(ws, sc, ws->all, ws->nseg, ws->aggf, ws->drf, ws->lgd, x, inj, &ws->uf);
    chain_year(ws, sc, t, 1, ws->nf, ws->drf, &ws->uf);
}

/* Run-off year flows of the aggregate book a[s] into pv (discounted to year H by v[j - H]). */
static void runoff_flows(const sf_subsidy_ws *ws, const sf_scenario *sc, int j, const size_t *idx, size_t m,
                         const double *a, const double *dr, const units *u, const double *v, double *pv)
{
    const int lag = sc->sim.recovery_lag > 0 ? sc->sim.recovery_lag : 0;
    const double v0 = v[j - ws->H], vl = v[j - ws->H + lag];
    for (size_t i = 0; i < m; i++) {
        const size_t s = idx[i];
        if (!(a[s] > 0.0))
            continue;
        const double d = a[s] * dr[s];
        const double *ua = u->a + s * SF_SUBSIDY_NSLOTS, *ub = u->b + s * SF_SUBSIDY_NSLOTS,
                     *uc = u->c + s * SF_SUBSIDY_NSLOTS;
        double *p = pv + s * SF_SUBSIDY_NSLOTS;
        for (int k = 0; k < ws->L.nslot; k++) {
            const int jj = ws->L.slot[k];
            p[jj] += a[s] * ua[jj] * v0 + d * (ub[jj] * v0 - uc[jj] * vl);
        }
    }
}

static int slot_in(const sf_subsidy_layout *L, int k, int mi, int comp)
{
    const int j = L->slot[k];
    if (mi >= 0 && slot_mech[j] != L->mech[mi])
        return 0;
    return comp == SF_SUBSIDY_C_TOTAL || slot_comp[j] == comp;
}

static double finite_or_0(double v)
{
    return isfinite(v) ? v : 0.0;
}

/* The path's row cells from its cohort accumulators: every cohort discounted from its year to
 * start_year (at discount_rate for the budget, at the risk-free rate for the fair value). */
static void path_cells(const sf_subsidy_ws *ws, const sf_scenario *sc, double *cells)
{
    (void)sc;
    const sf_subsidy_layout *L = &ws->L;
    const int H = ws->H;
    for (int co = -1; co < H; co++)
        for (int mi = -1; mi < L->nmech; mi++) {
            double db = 0.0, df = 0.0;
            const size_t dcell = off_disb(L, mi < 0 ? L->nmech : mi);
            for (int c = co < 0 ? 0 : co; c < (co < 0 ? H : co + 1); c++) {
                const double d = ws->acc[(size_t)c * L->per_cohort + dcell];
                db += (co < 0 ? ws->vb[c] : 1.0) * d;
                df += (co < 0 ? ws->vf[c] : 1.0) * d;
            }
            cells[sf_subsidy_disb_cell(L, co, mi, 0)] = finite_or_0(db);
            if (!L->fair_same)
                cells[sf_subsidy_disb_cell(L, co, mi, 1)] = finite_or_0(df);
        }
    for (int i = 0; i < L->nrows; i++) {
        const sf_subsidy_spec *sp = &L->row[i];
        double ob = 0.0, of = 0.0;
        for (int c = sp->cohort < 0 ? 0 : sp->cohort; c < (sp->cohort < 0 ? H : sp->cohort + 1); c++) {
            const double *acc = ws->acc + (size_t)c * L->per_cohort;
            double sb = 0.0, sf = 0.0;
            for (int k = 0; k < L->nslot; k++)
                if (slot_in(L, k, sp->mi, sp->comp)) {
                    sb += acc[off_out(L, 0, k)];
                    sf += acc[off_out(L, 1, k)];
                }
            ob += (sp->cohort < 0 ? ws->vb[c] : 1.0) * sb;
            of += (sp->cohort < 0 ? ws->vf[c] : 1.0) * sf;
        }
        const double db = cells[sf_subsidy_disb_cell(L, sp->cohort, sp->mi, 0)];
        const double df = cells[sf_subsidy_disb_cell(L, sp->cohort, sp->mi, 1)];
        cells[sf_subsidy_row_cell(L, i, SF_SUBSIDY_ROW_OUT)] = finite_or_0(ob);
        cells[sf_subsidy_row_cell(L, i, SF_SUBSIDY_ROW_RATE)] = db > 0.0 ? finite_or_0(ob / db) : 0.0;
        if (!L->fair_same) {
            cells[sf_subsidy_row_cell(L, i, SF_SUBSIDY_ROW_FAIR_OUT)] = finite_or_0(of);
            cells[sf_subsidy_row_cell(L, i, SF_SUBSIDY_ROW_FAIR_RATE)] = df > 0.0 ? finite_or_0(of / df) : 0.0;
        }
    }
}

void sf_subsidy_path_end(sf_subsidy_ws *ws, const sf_scenario *sc, const portfolio_ws *pf, gsl_rng *r,
                         uint64_t path, double *cells)
{
    const sf_subsidy_layout *L = &ws->L;
    if (L->ncells == 0)
        return;
    const int H = ws->H;
    const size_t ns = ws->nseg;
    const sf_economy *e = &sc->econ;
    /* The run-off of the loans left at the end of the horizon: per segment the aggregate of its
     * cohorts (they age alike from here on), whose PV per chain is shared out by loans. */
    double left = 0.0, disbursed = 0.0;
    for (size_t s = 0; s < ns; s++) {
        double ab = 0.0, af = 0.0;
        for (int co = 0; co < H; co++) {
            ab += ws->nb[s * (size_t)H + (size_t)co];
            af += ws->nf[s * (size_t)H + (size_t)co];
        }
        ws->agg[s] = ws->nb_left[s] = ab;
        ws->aggf[s] = ws->fair_same ? ab : af;
        ws->nf_left[s] = af;
        left += (ab > af ? ab : af) * sc->segs[s].avg_amount;
    }
    for (int co = 0; co < H; co++)
        disbursed += ws->acc[(size_t)co * L->per_cohort + off_disb(L, L->nmech)];
    memset(ws->pvb, 0, (ns ? ns : 1) * SF_SUBSIDY_NSLOTS * sizeof(double));
    memset(ws->pvf, 0, (ns ? ns : 1) * SF_SUBSIDY_NSLOTS * sizeof(double));
    if (left > SF_SUBSIDY_RUNOFF_TAIL * disbursed && H > 0) {
        const double *G0, *S0;
        sf_portfolio_factors(pf, &G0, &S0);
        /* Factors continue their AR(1) from the horizon's last year, from the run-off's own
         * stream (units as the factor stream's: global, mixing, sectors). */
        const double phi = e->persistence, cphi = sqrt(1.0 - phi * phi);
        const double sqw = sqrt(e->global_weight), sq1w = sqrt(1.0 - e->global_weight);
        double G = G0[H - 1];
        const uint64_t seed = sc->sim.seed;
        /* One reset per run-off year (unit = years after the horizon): the global innovation,
         * then one per sector, then the t copula's mixing variable. */
        for (int k = 0; k < ws->nsectors; k++)
            ws->S[k] = S0[(size_t)k * (size_t)H + (size_t)(H - 1)];
        /* The segments with loans left, in order: one whose two books are exactly 0 adds exactly
         * 0 to every sum of the run-off (and the alive total), so it is not visited. */
        ws->nlive = 0;
        for (size_t s = 0; s < ns; s++)
            if (!(ws->agg[s] == 0.0 && ws->aggf[s] == 0.0))
                ws->live[ws->nlive++] = s;
        const int lag = sc->sim.recovery_lag > 0 ? sc->sim.recovery_lag : 0;
        for (int j = H; j < H + SF_SUBSIDY_RUNOFF_MAX_YEARS && j + lag <= ws->maxk; j++) {
            sf_rng_reset(r, seed, SF_STREAM_RUNOFF, path, 0, (uint32_t)(j - H));
            G = phi * G + cphi * gsl_ran_gaussian_ziggurat(r, 1.0);
            for (int k = 0; k < ws->nsectors; k++)
                ws->S[k] = phi * ws->S[k] + cphi * gsl_ran_gaussian_ziggurat(r, 1.0);
            const double W = e->copula == SF_COPULA_T ? gsl_ran_chisq(r, e->t_dof) / e->t_dof : 1.0;
            const int year = sc->sim.start_year + j;
            const double sqrt_w = sqrt(W);
            for (int k = 0; k < ws->nsectors; k++)
                ws->ysec[k] = sqw * G + sq1w * ws->S[k];
            double alive = 0.0;
            const size_t *live = ws->live, nlive = ws->nlive;
            for (size_t i = 0; i < nlive; i++) {
                const size_t s = live[i];
                const sf_segment *g = &sc->segs[s];
                if (!(ws->agg[s] > 0.0) && !(ws->aggf[s] > 0.0)) { /* run off already */
                    ws->dr[s] = ws->drf[s] = ws->mr[s] = 0.0;
                    continue;
                }
                const double y = ws->ysec[ws->sector[s]];
                double p = 0.0, pf_ = 0.0;
                if (g->pd > 0.0) {
                    const double thr = e->copula == SF_COPULA_T ? ws->thr_t[s] * sqrt_w : ws->thr_gauss[s];
                    const double z = (thr - ws->sqrt_rho[s] * y) * ws->inv_sqrt_1mrho[s];
                    p = sf_normal_cdf(z);
                    pf_ = ws->lambda != 0.0 ? sf_normal_cdf(z + ws->shift[s]) : p;
                }
                ws->dr[s] = p;
                ws->drf[s] = pf_;
                double mu = g->lgd;
                if (e->lgd_cycle != 0.0 && g->lgd > 0.0 && g->lgd < 1.0)
                    mu = sf_normal_cdf(ws->probit_lgd[s] - e->lgd_cycle * y);
                ws->lgd[s] = mu;
                /* A loan book's loan matures in its year (no renewal after the horizon). */
                ws->mr[s] = g->maturity_year > 0 ? (year >= ws->mat[s] ? 1.0 : 0.0) : ws->inv_tenor[s];
            }
            year_units(ws, sc, live, nlive, ws->agg, ws->dr, ws->lgd, ws->x_last, 0.0, &ws->ub);
            runoff_flows(ws, sc, j, live, nlive, ws->agg, ws->dr, &ws->ub, ws->vb, ws->pvb);
            if (!ws->fair_same) {
                year_units(ws, sc, live, nlive, ws->aggf, ws->drf, ws->lgd, ws->x_last, 0.0, &ws->uf);
                runoff_flows(ws, sc, j, live, nlive, ws->aggf, ws->drf, &ws->uf, ws->vf, ws->pvf);
            }
            /* A segment whose two books are exactly 0 stays so (0 x anything finite) and adds
             * exactly 0 to every sum: it leaves the list. */
            size_t kept = 0;
            for (size_t i = 0; i < nlive; i++) {
                const size_t s = live[i];
                ws->agg[s] = ws->agg[s] * (1.0 - ws->dr[s]) * (1.0 - ws->mr[s]);
                ws->aggf[s] = ws->aggf[s] * (1.0 - ws->drf[s]) * (1.0 - ws->mr[s]);
                alive += (ws->agg[s] > ws->aggf[s] ? ws->agg[s] : ws->aggf[s]) * sc->segs[s].avg_amount;
                if (!(ws->agg[s] == 0.0 && ws->aggf[s] == 0.0))
                    ws->live[kept++] = s;
            }
            ws->nlive = kept;
            if (!(alive > SF_SUBSIDY_RUNOFF_TAIL * disbursed))
                break;
        }
    }
    /* Each cohort's share of its segment's run-off, discounted from year H to the cohort's year. */
    for (int co = 0; co < H; co++) {
        double *acc = ws->acc + (size_t)co * L->per_cohort;
        for (size_t s = 0; s < ns; s++) {
            const double ab = ws->nb_left[s], af = ws->nf_left[s];
            const double wb = ab > 0.0 ? ws->nb[s * (size_t)H + (size_t)co] / ab : 0.0;
            const double wf = af > 0.0 ? ws->nf[s * (size_t)H + (size_t)co] / af : 0.0;
            if (!(wb > 0.0) && !(wf > 0.0))
                continue;
            for (int k = 0; k < L->nslot; k++) {
                const int j = L->slot[k];
                acc[off_out(L, 0, k)] += wb * ws->pvb[s * SF_SUBSIDY_NSLOTS + j] * ws->vb[H - co];
                if (!ws->fair_same)
                    acc[off_out(L, 1, k)] += wf * ws->pvf[s * SF_SUBSIDY_NSLOTS + j] * ws->vf[H - co];
            }
        }
        if (ws->fair_same) /* lambda = 0 and the same rate: the fair value is the budget cost exactly */
            for (int k = 0; k < L->nslot; k++)
                acc[off_out(L, 1, k)] = acc[off_out(L, 0, k)];
    }
    path_cells(ws, sc, cells);
}

/* ---- the rows of subsidy.csv from the cells' statistics */

int sf_subsidy_summarise(const sf_scenario *sc, const sf_subsidy_layout *L, const sf_stat *st, sf_subsidy_row **rows,
                         size_t *nrows)
{
    *rows = NULL;
    *nrows = 0;
    if (L->ncells == 0)
        return SF_OK;
    sf_subsidy_row *out = calloc((size_t)L->nrows, sizeof *out);
    if (out == NULL)
        return SF_ENOMEM;
    for (int i = 0; i < L->nrows; i++) {
        const sf_subsidy_spec *sp = &L->row[i];

        const sf_stat *db = st + sf_subsidy_disb_cell(L, sp->cohort, sp->mi, 0);
        const sf_stat *df = st + sf_subsidy_disb_cell(L, sp->cohort, sp->mi, 1);
        sf_subsidy_row *r = &out[i];
        r->cohort = sp->cohort < 0 ? SF_YEAR_TOTAL : sc->sim.start_year + sp->cohort;
        r->mech = sp->mi < 0 ? -1 : mech_list_index[L->mech[sp->mi]];
        r->comp = sp->comp;
        r->out_mean = st[sf_subsidy_row_cell(L, i, SF_SUBSIDY_ROW_OUT)].mean;
        r->out_se = st[sf_subsidy_row_cell(L, i, SF_SUBSIDY_ROW_OUT)].se;
        r->out_p95 = st[sf_subsidy_row_cell(L, i, SF_SUBSIDY_ROW_OUT)].q[SF_Q95];
        r->disb_mean = db->mean;
        r->disb_p95 = db->q[SF_Q95];
        /* The expected cost per expected yuan, as FCRA's rate; the P95 of the path's own rate. */
        r->rate = db->mean > 0.0 ? r->out_mean / db->mean : 0.0;
        r->rate_p95 = st[sf_subsidy_row_cell(L, i, SF_SUBSIDY_ROW_RATE)].q[SF_Q95];
        r->fair_out_mean = st[sf_subsidy_row_cell(L, i, SF_SUBSIDY_ROW_FAIR_OUT)].mean;
        r->fair_out_p95 = st[sf_subsidy_row_cell(L, i, SF_SUBSIDY_ROW_FAIR_OUT)].q[SF_Q95];
        r->fair_disb_mean = df->mean;
        r->fair_rate = df->mean > 0.0 ? r->fair_out_mean / df->mean : 0.0;
        r->fair_rate_p95 = st[sf_subsidy_row_cell(L, i, SF_SUBSIDY_ROW_FAIR_RATE)].q[SF_Q95];
    }
    *rows = out;
    *nrows = (size_t)L->nrows;
    return SF_OK;
}
