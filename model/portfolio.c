/*
 * portfolio.c — factors and portfolio dynamics of one path, cohort and loan mode.
 * The numbered steps follow DESIGN.md "Portfolio dynamics".
 */
#include "portfolio.h"

#include "sample.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

const sf_series_def sf_portfolio_series[PORTFOLIO_NSERIES] = {
    {"portfolio.loss", "CNY", 0, "55"},
    {"portfolio.defaults", "count", 0, "55"},
    {"portfolio.default_rate", "ratio", 0, "55"},
    {"portfolio.balance", "CNY", SF_SERIES_STOCK, "55"},
    {"portfolio.recoveries", "CNY", 0, "55"},
};

/* Units of the factor stream: the global factor, the mixing variable, then one per sector. */
enum { UNIT_GLOBAL = 0, UNIT_MIXING = 1, UNIT_SECTOR0 = 2 };

struct portfolio_ws {
    size_t nseg;
    int years, nsectors;
    /* per segment, fixed for the scenario */
    double *thr_gauss; /* Phi^-1(pd) */
    double *thr_t;     /* t_nu^-1(pd) for the t copula */
    double *sqrt_rho, *inv_sqrt_1mrho, *sqrt_w_part, *kappa, *probit_lgd;
    /* per path */
    double *G;   /* [years] global factor */
    double *W;   /* [years] mixing variable (1 for the Gaussian copula) */
    double *S;   /* [nsectors][years] sector factors */
    const double *mu; /* [years] importance sampling: mean of the shifted global innovations; NULL = none */
    const double *mu_s; /* [nsectors][years] the same for the sector factors' innovations; NULL = none */
    const double *sw;   /* [years] t copula: the shifted mixing variable's scale s_t (W = s_t chi2/nu); NULL = 1 */
    double alpha;     /* the defensive mixture's share of unshifted paths */
    double w;         /* the current path's likelihood-ratio weight (1 without a shift) */
    double *n;   /* [nseg] performing loans at the start of the current year */
    int *mat;    /* [nseg] loan book: current maturity year */
    double *rec; /* [years][nseg] recoveries by year of arrival */
    double *target; /* [years][nseg] T_{t+1}: whole loans at the start of the next year */
    /* the year view handed to the mechanisms */
    double *Y, *nstart, *D, *lgd, *M, *R, *O, *z, *q;
};

void sf_portfolio_ws_free(portfolio_ws *ws)
{
    if (ws == NULL)
        return;
    free(ws->thr_gauss);
    free(ws->thr_t);
    free(ws->sqrt_rho);
    free(ws->inv_sqrt_1mrho);
    free(ws->sqrt_w_part);
    free(ws->kappa);
    free(ws->probit_lgd);
    free(ws->G);
    free(ws->W);
    free(ws->S);
    free(ws->n);
    free(ws->mat);
    free(ws->rec);
    free(ws->target);
    free(ws->Y);
    free(ws->nstart);
    free(ws->D);
    free(ws->lgd);
    free(ws->M);
    free(ws->R);
    free(ws->O);
    free(ws->z);
    free(ws->q);
    free(ws);
}

portfolio_ws *sf_portfolio_ws_alloc(const sf_scenario *sc)
{
    portfolio_ws *ws = calloc(1, sizeof *ws);
    if (ws == NULL)
        return NULL;
    const size_t ns = sc->nsegs ? sc->nsegs : 1;
    const size_t H = (size_t)sc->sim.years;
    const size_t nk = sc->nsectors > 0 ? (size_t)sc->nsectors : 1;
    ws->nseg = sc->nsegs;
    ws->years = sc->sim.years;
    ws->nsectors = sc->nsectors;
    ws->thr_gauss = malloc(ns * sizeof(double));
    ws->thr_t = malloc(ns * sizeof(double));
    ws->sqrt_rho = malloc(ns * sizeof(double));
    ws->inv_sqrt_1mrho = malloc(ns * sizeof(double));
    ws->sqrt_w_part = malloc(ns * sizeof(double));
    ws->kappa = malloc(ns * sizeof(double));
    ws->probit_lgd = malloc(ns * sizeof(double));
    ws->G = calloc(H, sizeof(double));
    ws->W = calloc(H, sizeof(double));
    ws->S = calloc(H * nk, sizeof(double));
    ws->n = calloc(ns, sizeof(double));
    ws->mat = calloc(ns, sizeof(int));
    ws->rec = calloc(H * ns, sizeof(double));
    ws->target = calloc(H * ns, sizeof(double));
    ws->Y = calloc(ns, sizeof(double));
    ws->nstart = calloc(ns, sizeof(double));
    ws->D = calloc(ns, sizeof(double));
    ws->lgd = calloc(ns, sizeof(double));
    ws->M = calloc(ns, sizeof(double));
    ws->R = calloc(ns, sizeof(double));
    ws->O = calloc(ns, sizeof(double));
    ws->z = calloc(ns, sizeof(double));
    ws->q = calloc(ns, sizeof(double));
    if (!ws->thr_gauss || !ws->thr_t || !ws->sqrt_rho || !ws->inv_sqrt_1mrho || !ws->sqrt_w_part || !ws->kappa ||
        !ws->probit_lgd || !ws->G || !ws->W || !ws->S || !ws->n || !ws->mat || !ws->rec || !ws->target || !ws->Y || !ws->nstart ||
        !ws->D || !ws->lgd || !ws->M || !ws->R || !ws->O || !ws->z || !ws->q) {
        sf_portfolio_ws_free(ws);
        return NULL;
    }
    for (size_t s = 0; s < sc->nsegs; s++) {
        const sf_segment *g = &sc->segs[s];
        ws->thr_gauss[s] = g->pd > 0.0 ? gsl_cdf_ugaussian_Pinv(g->pd) : -INFINITY;
        ws->thr_t[s] = (sc->econ.copula == SF_COPULA_T && g->pd > 0.0) ? gsl_cdf_tdist_Pinv(g->pd, sc->econ.t_dof)
                                                                        : -INFINITY;
        ws->sqrt_rho[s] = sqrt(g->rho);
        ws->inv_sqrt_1mrho[s] = 1.0 / sqrt(1.0 - g->rho);
        /* LGD ~ Beta with mean lgd and sd lgd_sd: its concentration kappa = a + b is kept when
         * the cycle moves the mean, so the Beta stays valid for every factor value. */
        ws->kappa[s] = g->lgd_sd > 0.0 ? g->lgd * (1.0 - g->lgd) / (g->lgd_sd * g->lgd_sd) - 1.0 : 0.0;
        ws->probit_lgd[s] = (g->lgd > 0.0 && g->lgd < 1.0) ? gsl_cdf_ugaussian_Pinv(g->lgd) : 0.0;
        /* T_{t+1} = loans (1 + growth)^t for 1-based t, rounded to whole loans. */
        for (size_t t = 0; t < H; t++)
            ws->target[t * ws->nseg + s] = floor(g->loans * pow(1.0 + g->growth, (double)(t + 1)) + 0.5);
    }
    return ws;
}

/* A stationary AR(1) path F_t = phi F_{t-1} + sqrt(1 - phi^2) eta_t with F_1 ~ N(0, 1); the first
 * nfix values are fixed (the stress path) and the recursion continues from them. The innovations
 * are drawn for every year, stressed or not, so a stress leaves later draws unchanged. */
static double ar1_path(gsl_rng *r, double phi, int H, const double *fix, int nfix, const double *mu, int shifted,
                       double *out)
{
    const double c = sqrt(1.0 - phi * phi);
    double prev = 0.0, logw = 0.0;
    for (int t = 0; t < H; t++) {
        double eta = gsl_ran_gaussian_ziggurat(r, 1.0);
        if (mu != NULL && mu[t] != 0.0) {
            /* a shifted path's eta ~ N(mu_t, 1); either way the log density ratio
             * log N(mu_t,1)/N(0,1) at eta is mu_t eta - mu_t^2 / 2 */
            if (shifted)
                eta += mu[t];
            logw += mu[t] * eta - 0.5 * mu[t] * mu[t];
        }
        double f = (t == 0) ? eta : phi * prev + c * eta;
        if (t < nfix)
            f = fix[t];
        out[t] = f;
        prev = f;
    }
    return logw;
}

void sf_portfolio_path_init(portfolio_ws *ws, const sf_scenario *sc, gsl_rng *r, uint64_t seed, uint64_t path)
{
    const int H = ws->years;
    const sf_economy *e = &sc->econ;
    sf_rng_reset(r, seed, SF_STREAM_FACTORS, path, 0, UNIT_GLOBAL);
    ws->w = 1.0;
    int shifted = 0;
    double lqp = 0.0; /* log q/p of the path's innovations, global and sectors */
    if (ws->mu != NULL) {
        /* Importance sampling, a defensive mixture: the path is unshifted with probability alpha
         * (its own uniform, stream SF_STREAM_IMPORTANCE), shifted otherwise, and its weight is
         * the mixture's likelihood ratio 1 / (alpha + (1 - alpha) q/p) whichever it is: the paths
         * are i.i.d. draws of the mixture, so sd(w x) / sqrt(n) is the se of the mean. */
        sf_rng_reset(r, seed, SF_STREAM_IMPORTANCE, path, 0, 0);
        shifted = gsl_rng_uniform(r) >= ws->alpha;
        sf_rng_reset(r, seed, SF_STREAM_FACTORS, path, 0, UNIT_GLOBAL);
    }
    lqp += ar1_path(r, e->persistence, H, e->stress, e->nstress, ws->mu, shifted, ws->G);
    /* economy.stress_sector: nfix years of each sector in turn (the loader checks the count) */
    const int nfix = ws->nsectors > 0 ? e->nstress_sector / ws->nsectors : 0;
    for (int k = 0; k < ws->nsectors; k++) {
        sf_rng_reset(r, seed, SF_STREAM_FACTORS, path, 0, UNIT_SECTOR0 + (uint32_t)k);
        lqp += ar1_path(r, e->persistence, H, e->stress_sector + (size_t)k * (size_t)nfix, nfix,
                        ws->mu_s != NULL ? ws->mu_s + (size_t)k * (size_t)H : NULL, shifted,
                        ws->S + (size_t)k * (size_t)H);
    }
    if (e->copula == SF_COPULA_T) {
        /* Student-t copula: one chi-square mixing variable per year, common to all loans. Importance
         * sampling: a shifted path's W_t = s_t chi2/nu, a Gamma(nu/2, 2 s_t/nu); log q/p at W is
         * -(nu/2) log s_t + (nu/2) W (1 - 1/s_t). */
        sf_rng_reset(r, seed, SF_STREAM_FACTORS, path, 0, UNIT_MIXING);
        const double k = 0.5 * e->t_dof;
        for (int t = 0; t < H; t++) {
            double W = gsl_ran_chisq(r, e->t_dof) / e->t_dof;
            if (ws->sw != NULL && ws->sw[t] != 1.0) {
                const double st = ws->sw[t];
                if (shifted)
                    W *= st;
                lqp += -k * log(st) + k * W * (1.0 - 1.0 / st);
            }
            ws->W[t] = W;
        }
    } else {
        for (int t = 0; t < H; t++)
            ws->W[t] = 1.0;
    }
    if (ws->mu != NULL)
        ws->w = 1.0 / (ws->alpha + (1.0 - ws->alpha) * exp(lqp));
    for (size_t s = 0; s < ws->nseg; s++) {
        ws->n[s] = sc->segs[s].loans;
        ws->mat[s] = sc->segs[s].maturity_year;
    }
    memset(ws->rec, 0, (size_t)H * (ws->nseg ? ws->nseg : 1) * sizeof(double));
}

void sf_portfolio_set_shift(portfolio_ws *ws, const double *mu, const double *mu_s, const double *sw, double alpha)
{
    ws->mu = mu;
    ws->mu_s = mu != NULL ? mu_s : NULL; /* no shift at all: nothing of the sectors' or mixing's */
    ws->sw = mu != NULL ? sw : NULL;
    ws->alpha = alpha;
}

double sf_portfolio_weight(const portfolio_ws *ws)
{
    return ws->mu != NULL ? ws->w : 1.0;
}

const double *sf_portfolio_mixing(const portfolio_ws *ws)
{
    return ws->W;
}

void sf_portfolio_factors(const portfolio_ws *ws, const double **G, const double **S)
{
    *G = ws->G;
    *S = ws->S;
}

/* The Bernoulli threshold of probability p on 32-bit uniforms: u < thr has probability p
 * to within 2^-32. */
static uint64_t u32_threshold(double p)
{
    if (p <= 0.0)
        return 0;
    if (p >= 1.0)
        return UINT64_C(1) << 32;
    return (uint64_t)(p * 4294967296.0);
}

/* Loan mode: each of the n loans draws one 32-bit uniform u, its latent variable: u < tD is a
 * default (the event sqrt(rho) Y + sqrt(1 - rho) eps < Phi^-1(pd)); given no default, u is
 * uniform on [tD, 2^32) and its position there decides maturity (probability q) and, given
 * maturity, renewal (probability r): tD <= u < tR matures and is renewed, tR <= u < tM matures
 * and is repaid. One Philox block serves four loans. */
typedef struct loan_fate {
    double defaults, matured, renewed;
} loan_fate;

static loan_fate loan_fates(uint64_t seed, uint64_t path, unsigned t, uint32_t unit, double n, double p, double q,
                            double r)
{
    loan_fate f = {0.0, 0.0, 0.0};
    if (n <= 0.0)
        return f;
    const double two32 = 4294967296.0;
    const uint64_t tD = u32_threshold(p);
    const double rest = two32 - (double)tD;
    const uint64_t tM = tD + (uint64_t)(rest * (q < 1.0 ? q : 1.0));
    const uint64_t tR = tD + (uint64_t)(rest * (q < 1.0 ? q : 1.0) * (r < 1.0 ? r : 1.0));
    const uint64_t nl = (uint64_t)n;
    uint64_t d = 0, m = 0, k = 0;
    uint32_t u[4];
    uint64_t i = 0;
    for (uint32_t blk = 0; i + 4 <= nl; blk++, i += 4) {
        sf_rng_block(seed, SF_STREAM_DEFAULTS, path, t, unit, blk, u);
        for (int j = 0; j < 4; j++) {
            d += u[j] < tD;
            m += u[j] < tM;
            k += u[j] < tR;
        }
    }
    if (i < nl) {
        sf_rng_block(seed, SF_STREAM_DEFAULTS, path, t, unit, (uint32_t)(i / 4), u);
        for (int j = 0; i < nl; i++, j++) {
            d += u[j] < tD;
            m += u[j] < tM;
            k += u[j] < tR;
        }
    }
    f.defaults = (double)d;
    f.matured = (double)(m - d);
    f.renewed = (double)(k - d);
    return f;
}

/* Binomial(n, p): BTRS where it is measured faster than GSL's, GSL's elsewhere (sample.h). */
static double binomial(gsl_rng *r, double p, double n)
{
    if (n <= 0.0 || p <= 0.0)
        return 0.0;
    if (p >= 1.0)
        return n;
    return (double)sf_sample_binomial_engine(r, p, (unsigned int)n);
}

void sf_portfolio_year_step(portfolio_ws *ws, const sf_scenario *sc, gsl_rng *r, uint64_t seed, uint64_t path, int t,
                         unsigned need, sf_portfolio_year *py, double *out)
{
    const int need_flows = (need & PORTFOLIO_NEED_FLOWS) != 0;
    const int renewals_unread = !need_flows && (need & PORTFOLIO_RENEWALS_UNREAD) != 0;
    const int H = ws->years;
    const int loan_mode = sc->sim.mode == SF_MODE_LOAN;
    const int lag = sc->sim.recovery_lag;
    const double sqw = sqrt(sc->econ.global_weight), sq1w = sqrt(1.0 - sc->econ.global_weight);
    const double G = ws->G[t], W = ws->W[t], sqrtW = sqrt(W);
    const int year = sc->sim.start_year + t;
    double loss = 0.0, defaults = 0.0, nsum = 0.0, balance = 0.0, recov = 0.0;

    for (size_t s = 0; s < ws->nseg; s++) {
        const sf_segment *g = &sc->segs[s];
        const double A = g->avg_amount;
        const double N = ws->n[s];
        const double y = sqw * G + sq1w * ws->S[(size_t)g->sector * (size_t)H + (size_t)t];
        ws->Y[s] = y;
        ws->nstart[s] = N;

        /* 1-2. Defaults at the conditional PD p(Y) = Phi((c - sqrt(rho) Y) / sqrt(1 - rho)). */
        double p = 0.0;
        ws->z[s] = -INFINITY;
        if (g->pd > 0.0) {
            const double thr = sc->econ.copula == SF_COPULA_T ? ws->thr_t[s] * sqrtW : ws->thr_gauss[s];
            ws->z[s] = (thr - ws->sqrt_rho[s] * y) * ws->inv_sqrt_1mrho[s];
            p = sf_normal_cdf(ws->z[s]);
        }
        /* A loan book's loan matures in its maturity year; a renewal runs for its tenor again. */
        const double q = g->maturity_year > 0 ? (year == ws->mat[s] ? 1.0 : 0.0) : 1.0 / g->tenor;
        ws->q[s] = q;
        loan_fate lf = {0.0, 0.0, 0.0};
        double D;
        if (loan_mode) {
            lf = loan_fates(seed, path, (unsigned)t, (uint32_t)s, N, p, q, g->renew_rate);
            D = lf.defaults;
        } else {
            sf_rng_reset(r, seed, SF_STREAM_DEFAULTS, path, (unsigned)t, (uint32_t)s);
            D = binomial(r, p, N);
        }

        /* LGD: mean shifted through the probit by lgd_cycle x (-Y); Beta with concentration kappa.
         * Loan mode draws one LGD per defaulted loan. Cohort mode draws the cohort's mean LGD
         * from the Beta with the mean and variance of the mean of D such draws (exact for D = 1). */
        double L = 0.0;
        if (D > 0.0) {
            double mu = g->lgd;
            if (sc->econ.lgd_cycle != 0.0 && g->lgd > 0.0 && g->lgd < 1.0)
                mu = sf_normal_cdf(ws->probit_lgd[s] - sc->econ.lgd_cycle * y);
            if (ws->kappa[s] > 0.0 && mu > 0.0 && mu < 1.0) {
                sf_rng_reset(r, seed, SF_STREAM_LGD, path, (unsigned)t, (uint32_t)s);
                if (loan_mode) {
                    double sum = 0.0;
                    for (double i = 0; i < D; i++)
                        sum += gsl_ran_beta(r, mu * ws->kappa[s], (1.0 - mu) * ws->kappa[s]);
                    L = sum / D;
                } else {
                    const double kd = D * (ws->kappa[s] + 1.0) - 1.0;
                    L = gsl_ran_beta(r, mu * kd, (1.0 - mu) * kd);
                }
            } else {
                L = mu;
            }
        }

        /* 3-4. Survivors, maturities, renewals, new loans. The two-stage draw M ~ Bin(S, q),
         * R ~ Bin(M, r) is made in the equivalent order R ~ Bin(S, q r), then the maturing loans
         * that are not renewed X = M - R ~ Bin(S - R, q (1 - r) / (1 - q r)). X is needed only for
         * the next year's book when it may exceed its target, or when a mechanism reads M or O:
         * a segment whose survivors fit under the target T_{t+1} reaches it whatever X is, and
         * whatever R is, so R too is drawn there only when a mechanism reads it.
         * New loans bring the segment to T_{t+1} (whole loans); a loan book runs off. */
        const double S = N - D;
        const int book = g->maturity_year > 0;
        const double target = book ? 0.0 : ws->target[(size_t)t * ws->nseg + s];
        double R, M = NAN, O = NAN, next;
        if (loan_mode) {
            M = lf.matured;
            R = lf.renewed;
            next = S - M + R;
            O = (!book && target > next) ? target - next : 0.0;
            next += O;
        } else {
            const double qr = q * g->renew_rate;
            if (renewals_unread && !book && S <= target) {
                R = NAN; /* nobody reads it: the book reaches its target whatever it is */
            } else if (qr >= 1.0) {
                R = S;
            } else if (qr <= 0.0 || S <= 0.0) {
                R = 0.0;
            } else {
                sf_rng_reset(r, seed, SF_STREAM_RENEWAL, path, (unsigned)t, (uint32_t)s);
                R = binomial(r, qr, S);
            }
            if (!book && S <= target && !need_flows) {
                next = target;
            } else {
                const double px = qr < 1.0 ? q * (1.0 - g->renew_rate) / (1.0 - qr) : 0.0;
                double X;
                if (px >= 1.0)
                    X = S - R;
                else if (px <= 0.0)
                    X = 0.0;
                else {
                    sf_rng_reset(r, seed, SF_STREAM_MATURITY, path, (unsigned)t, (uint32_t)s);
                    X = binomial(r, px, S - R);
                }
                M = R + X;
                next = S - X;
                O = (!book && target > next) ? target - next : 0.0;
                next += O;
            }
        }
        if (book && R > 0.0)
            ws->mat[s] = year + (int)g->tenor;
        ws->n[s] = next;

        /* Recoveries (1 - LGD) A per default arrive recovery_lag years later (inside the horizon). */
        if (D > 0.0 && t + lag < H)
            ws->rec[(size_t)(t + lag) * ws->nseg + s] += D * A * (1.0 - L);

        ws->D[s] = D;
        ws->lgd[s] = L;
        ws->M[s] = M;
        ws->R[s] = R;
        ws->O[s] = O;
        loss += D * A * L;
        defaults += D;
        nsum += N;
        balance += N * A;
        recov += ws->rec[(size_t)t * ws->nseg + s];
    }

    py->t = t;
    py->year = year;
    py->nseg = ws->nseg;
    py->G = G;
    py->Y = ws->Y;
    py->n = ws->nstart;
    py->defaults = ws->D;
    py->lgd = ws->lgd;
    py->matured = (loan_mode || need_flows) ? ws->M : NULL;
    py->renewed = (!loan_mode && renewals_unread) ? NULL : ws->R;
    py->originated = (loan_mode || need_flows) ? ws->O : NULL;
    py->recovered = ws->rec + (size_t)t * ws->nseg;
    py->n_next = ws->n;
    py->maturity = ws->mat;
    py->pd_probit = ws->z;
    py->maturing = ws->q;

    out[PORTFOLIO_LOSS] = loss;
    out[PORTFOLIO_DEFAULTS] = defaults;
    out[PORTFOLIO_DEFAULT_RATE] = nsum > 0.0 ? defaults / nsum : 0.0;
    out[PORTFOLIO_BALANCE] = balance;
    out[PORTFOLIO_RECOVERIES] = recov;
}
