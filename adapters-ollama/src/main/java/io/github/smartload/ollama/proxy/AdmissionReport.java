package io.github.smartload.ollama.proxy;

import io.github.smartload.core.Decision;
import io.github.smartload.core.ModelName;
import io.github.smartload.core.admission.AdmissionEvent;
import io.github.smartload.core.admission.AdmissionListener;
import io.github.smartload.core.admission.Answer;
import io.github.smartload.core.load.LoadResult;
import io.github.smartload.core.port.MemoryProbeException;
import java.time.Clock;
import java.util.Locale;

/** Turns what the admission did into the proxy's metrics, recent decisions and log lines. */
final class AdmissionReport implements AdmissionListener {

  private final ProxyMetrics metrics;
  private final RecentDecisions recent;
  private final ProxyLog log;
  private final Clock clock;

  AdmissionReport(ProxyMetrics metrics, RecentDecisions recent, ProxyLog log, Clock clock) {
    this.metrics = metrics;
    this.recent = recent;
    this.log = log;
    this.clock = clock;
  }

  @Override
  public void on(AdmissionEvent event) {
    if (event instanceof AdmissionEvent.TurnTaken taken) {
      metrics.waitedForLock(taken.waited());
    } else if (event instanceof AdmissionEvent.Decided decided) {
      record(decided.model(), decided.result());
    } else if (event instanceof AdmissionEvent.Failed failed) {
      failed.decision().ifPresent(decision -> recordFailed(failed.model(), decision, failed));
    } else if (event instanceof AdmissionEvent.Waiting waiting) {
      log.info(waitingLine(waiting.model(), waiting.inTheWay()));
    }
  }

  /** Says what the load waits for: busy models to finish, young ones to reach their residency. */
  static String waitingLine(ModelName model, Answer.Wait wait) {
    StringBuilder line = new StringBuilder("waiting for ");
    if (!wait.busy().isEmpty()) {
      line.append(Refusal.names(wait.busy())).append(" to finish");
    }
    if (!wait.young().isEmpty()) {
      line.append(wait.busy().isEmpty() ? "" : " and for ")
          .append(Refusal.names(wait.young()))
          .append(" to reach the minimum residency (--min-residency)");
    }
    return line.append(" before loading ").append(model).toString();
  }

  /** A refused request's WARN line; a client that left is no warning. */
  void refused(Refusal refusal) {
    if (refusal.status() != 499) {
      log.warn(refusal.message());
    }
  }

  /** How an admitted request is noted in its log line; warns when it was not smart-loaded. */
  String admitted(ModelName model, Answer.Route route) {
    if (route instanceof Answer.Resident) {
      return "resident";
    } else if (route instanceof Answer.Joined) {
      return "joined a load";
    } else if (route instanceof Answer.Unchecked unchecked
        && unchecked.cause() instanceof MemoryProbeException) {
      log.warn(
          "no smart load for "
              + model
              + ": memory cannot be read ("
              + unchecked.cause().getMessage()
              + "); forwarding unchecked (--fail-open)");
      return "unchecked, memory unreadable";
    } else if (route instanceof Answer.Unchecked unchecked) {
      log.warn(
          "no smart load for "
              + model
              + ": "
              + unchecked.cause().getMessage()
              + "; forwarding as is");
      return "unchecked";
    } else if (route instanceof Answer.Loaded loaded) {
      if (loaded.result().decision() instanceof Decision.WontFit wontFit) {
        log.warn(Refusal.wontFitMessage(model, wontFit) + "; loaded anyway (not --strict)");
      }
      return loaded.result().decision().kind();
    }
    throw new IllegalStateException("unknown route " + route);
  }

  /** The outcome of a decision whose load broke off, as metrics and the status page name it. */
  static final String UPSTREAM_DIED = "upstream_died";

  private void recordFailed(ModelName model, Decision decision, AdmissionEvent.Failed failed) {
    String outcome = failed.reason() instanceof Answer.Died ? UPSTREAM_DIED : "failed";
    metrics.decision(model.toString(), decision.kind(), outcome);
    recent.add(
        new RecentDecisions.Entry(
            clock.instant(),
            model,
            decision.kind(),
            decision.check().required().bytes(),
            decision.check().available().bytes(),
            java.util.List.of(),
            outcome,
            decision.check().pools()));
  }

  private void record(ModelName model, LoadResult result) {
    Decision decision = result.decision();
    String outcome = result.outcome().name().toLowerCase(Locale.ROOT);
    metrics.decision(model.toString(), decision.kind(), outcome);
    result.unloaded().forEach(m -> metrics.unloaded(m.name().toString()));
    result.failed().forEach(f -> metrics.unloadFailed(f.model().toString()));
    recent.add(
        new RecentDecisions.Entry(
            clock.instant(),
            model,
            decision.kind(),
            decision.check().required().bytes(),
            decision.check().available().bytes(),
            result.unloaded().stream().map(m -> m.name().toString()).toList(),
            outcome,
            decision.check().pools()));
  }
}
