# Reference values for the CohortGrid survival tests, computed with R's survival package.
# Regenerate (needs R with the survival package, e.g. Debian's r-base-core and r-cran-survival):
#   cd tests/CohortGrid.Analytics.Tests/Survival/Fixtures && Rscript make_fixtures.R
# Writes the datasets (veteran.csv, ovarian.csv, colon_death.csv) and references.txt beside this script.
# references.txt holds one "key: value value ..." line per quantity, numbers with 17 significant digits,
# NA where R gives NA; the tests look the keys up by name.
suppressPackageStartupMessages(library(survival))

produced <- sprintf("# Produced by make_fixtures.R with %s, survival %s.", R.version.string, packageVersion("survival"))
regenerate <- "# Regenerate: cd tests/CohortGrid.Analytics.Tests/Survival/Fixtures && Rscript make_fixtures.R"

write_dataset <- function(df, file, what) {
  con <- file(file, "w")
  writeLines(c(paste("#", what), produced, "# Empty field = NA. Lines starting with # are comments.", regenerate), con)
  write.csv(df, con, row.names = FALSE, na = "")
  close(con)
}

refs <- character()
put <- function(key, x) {
  x <- as.numeric(x)
  refs <<- c(refs, paste0(key, ": ", paste(ifelse(is.na(x), "NA", formatC(x, digits = 17, format = "g")), collapse = " ")))
}

# ---- datasets ---------------------------------------------------------------------------------------------
veteran_df <- veteran
veteran_df$celltype <- as.character(veteran_df$celltype)
write_dataset(veteran_df, "veteran.csv", "survival::veteran (VA lung cancer trial); status 1 = dead, 0 = censored.")
write_dataset(ovarian, "ovarian.csv", "survival::ovarian (ovarian cancer trial); fustat 1 = dead, 0 = censored.")
colon_death <- colon[colon$etype == 2, c("id", "rx", "sex", "age", "obstruct", "nodes", "differ", "extent", "time", "status")]
colon_death$rx <- as.character(colon_death$rx)
write_dataset(colon_death, "colon_death.csv", "survival::colon, death records only (etype == 2); status 1 = dead; nodes has NAs.")
colon_death$rx <- factor(colon_death$rx, levels = c("Obs", "Lev", "Lev+5FU"))

# ---- Cox models -------------------------------------------------------------------------------------------
times <- c(30, 90, 180, 365)
cox_refs <- function(key, fit, newdata = NULL, at = times) {
  put(paste0(key, ".coef"), coef(fit))
  put(paste0(key, ".se"), sqrt(diag(fit$var)))
  put(paste0(key, ".loglik"), fit$loglik)
  put(paste0(key, ".concordance"), fit$concordance["concordance"])
  put(paste0(key, ".n"), c(fit$n, fit$nevent))
  if (is.null(fit$penalty)) {
    put(paste0(key, ".score"), fit$score)
    put(paste0(key, ".wald"), fit$wald.test)
    put(paste0(key, ".means"), fit$means)
  }
  if (!is.null(newdata)) {
    put(paste0(key, ".survfit.times"), at)
    put(paste0(key, ".survfit.surv"), summary(survfit(fit, newdata = newdata), times = at)$surv)
  }
}

vet_new <- data.frame(trt = 1, karno = 60, diagtime = 5, age = 60, prior = 0)
vet_efron <- coxph(Surv(time, status) ~ trt + karno + diagtime + age + prior, veteran)
cox_refs("veteran.cox.efron", vet_efron, vet_new)
put("veteran.cox.efron.basehaz", summary(survfit(vet_efron), times = times)$cumhaz)
vet_breslow <- coxph(Surv(time, status) ~ trt + karno + diagtime + age + prior, veteran, ties = "breslow")
cox_refs("veteran.cox.breslow", vet_breslow, vet_new)
put("veteran.cox.breslow.basehaz", summary(survfit(vet_breslow), times = times)$cumhaz)

vet_strata <- coxph(Surv(time, status) ~ trt + karno + age + strata(celltype), veteran)
cox_refs("veteran.cox.strata", vet_strata, data.frame(trt = 1, karno = 60, age = 60, celltype = "adeno"), c(10, 30, 60, 90))

vet_ridge <- coxph(Surv(time, status) ~ ridge(trt, karno, age, theta = 5, scale = FALSE), veteran)
cox_refs("veteran.cox.ridge5", vet_ridge)
put("veteran.cox.ridge5.df", vet_ridge$df)
put("veteran.cox.ridge5.lrt", 2 * diff(vet_ridge$loglik))
put("veteran.cox.ridge5.wald", vet_ridge$wald.test)

ova_ridge <- coxph(Surv(futime, fustat) ~ ridge(age, ecog.ps, theta = 1, scale = FALSE), ovarian)
cox_refs("ovarian.cox.ridge1", ova_ridge)
put("ovarian.cox.ridge1.df", ova_ridge$df)

ova <- coxph(Surv(futime, fustat) ~ age + ecog.ps + rx, ovarian)
cox_refs("ovarian.cox.efron", ova)

colon_cox <- coxph(Surv(time, status) ~ rx + sex + age + obstruct + nodes, colon_death)
cox_refs("colon.cox.efron", colon_cox)
colon_breslow <- coxph(Surv(time, status) ~ rx + sex + age + obstruct + nodes, colon_death, ties = "breslow")
cox_refs("colon.cox.breslow", colon_breslow)

# ---- Kaplan-Meier -----------------------------------------------------------------------------------------
km_times <- c(10, 50, 100, 200, 400, 600)
for (type in c("log", "log-log", "plain")) {
  fit <- survfit(Surv(time, status) ~ 1, veteran, conf.type = type)
  s <- summary(fit, times = km_times)
  key <- paste0("veteran.km.", type)
  put(paste0(key, ".times"), km_times)
  put(paste0(key, ".n.risk"), s$n.risk)
  put(paste0(key, ".surv"), s$surv)
  put(paste0(key, ".std.err"), s$std.err)
  put(paste0(key, ".lower"), s$lower)
  put(paste0(key, ".upper"), s$upper)
  put(paste0(key, ".median"), summary(fit)$table[c("median", "0.95LCL", "0.95UCL")])
}
colon_km <- survfit(Surv(time, status) ~ rx, colon_death, conf.type = "log-log")
for (level in levels(colon_death$rx)) {
  s <- summary(colon_km[paste0("rx=", level)], times = c(365, 730, 1825))
  key <- paste0("colon.km.loglog.", level)
  put(paste0(key, ".surv"), s$surv)
  put(paste0(key, ".std.err"), s$std.err)
  put(paste0(key, ".lower"), s$lower)
  put(paste0(key, ".upper"), s$upper)
}
put("colon.km.loglog.times", c(365, 730, 1825))
put("colon.km.median", summary(colon_km)$table[, "median"])
# R's median rule when S is exactly 0.5 on an interval: the midpoint to the next drop.
put("small.all.events.1to4.median", summary(survfit(Surv(1:4, rep(1, 4)) ~ 1))$table["median"])
put("small.all.events.1to6.median", summary(survfit(Surv(1:6, rep(1, 6)) ~ 1))$table["median"])

# ---- log-rank ---------------------------------------------------------------------------------------------
logrank_refs <- function(key, test) {
  put(paste0(key, ".chisq"), test$chisq)
  put(paste0(key, ".obs"), if (is.matrix(test$obs)) rowSums(test$obs) else test$obs)
  put(paste0(key, ".exp"), if (is.matrix(test$exp)) rowSums(test$exp) else test$exp)
  put(paste0(key, ".var.diag"), diag(test$var))
  put(paste0(key, ".n"), test$n)
}
# Groups in the order the tests expect: veteran celltype alphabetical, colon rx as its factor (Obs, Lev, Lev+5FU).
veteran_sorted <- veteran_df
veteran_sorted$celltype <- factor(veteran_sorted$celltype, levels = sort(unique(veteran_df$celltype)))
logrank_refs("veteran.logrank.celltype", survdiff(Surv(time, status) ~ celltype, veteran_sorted))
logrank_refs("colon.logrank.rx", survdiff(Surv(time, status) ~ rx, colon_death))
put("veteran.logrank.trt.strata.celltype.chisq", survdiff(Surv(time, status) ~ trt + strata(celltype), veteran)$chisq)

# ---- concordance ------------------------------------------------------------------------------------------
conc_refs <- function(key, fit) {
  put(paste0(key, ".c"), fit$concordance)
  counts <- if (is.matrix(fit$count)) colSums(fit$count) else fit$count  # one row per stratum when stratified
  put(paste0(key, ".counts"), counts[c("concordant", "discordant", "tied.x", "tied.y", "tied.xy")])
}
# Higher karno = longer survival, so as a risk score (higher = shorter) it is -karno: same pairs, no reverse.
conc_refs("veteran.concordance.karno", concordance(Surv(time, status) ~ karno, veteran))
conc_refs("veteran.concordance.age", concordance(Surv(time, status) ~ age, veteran, reverse = TRUE))
conc_refs("veteran.concordance.age.strata.celltype", concordance(Surv(time, status) ~ age + strata(celltype), veteran, reverse = TRUE))

con <- file("references.txt", "w")
writeLines(c("# Reference values for tests/CohortGrid.Analytics.Tests/Survival (see make_fixtures.R for the R calls).",
             produced, regenerate, "# key: values (17 significant digits; NA = R's NA)"), con)
writeLines(refs, con)
close(con)
