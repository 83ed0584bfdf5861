package io.github.smartload.ollama.proxy;

import io.github.smartload.core.Decision;
import io.github.smartload.core.Durations;
import io.github.smartload.core.ModelName;
import io.github.smartload.core.UnloadFailure;
import io.github.smartload.core.admission.Answer;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A refused admission as an HTTP answer: the status, Ollama's {@code {"error": message}} and a
 * {@code Retry-After} where trying again later can help.
 */
record Refusal(int status, String message, Optional<Duration> retryAfter, String note) {

  Refusal(int status, String message, Optional<Duration> retryAfter) {
    this(status, message, retryAfter, status == 499 ? "client left while waiting" : "refused");
  }

  private static final Duration RETRY_AFTER = Duration.ofSeconds(10);

  /** The answer to a request for {@code model} that the admission refused for {@code reason}. */
  static Refusal of(ModelName model, Answer.Reason reason, String upstream) {
    if (reason instanceof Answer.ClientGone) {
      return new Refusal(499, "smartload: the client gave up", Optional.empty());
    } else if (reason instanceof Answer.Unreachable unreachable) {
      return new Refusal(
          502,
          "smartload: cannot reach " + upstream + ": " + unreachable.detail(),
          Optional.empty());
    } else if (reason instanceof Answer.Died died) {
      return new Refusal(
          502,
          "smartload: "
              + upstream
              + " stopped answering during the load of "
              + model
              + " ("
              + died.detail()
              + "): the load's outcome is unknown; see its log (journalctl -u ollama) and the"
              + " kernel's for an OOM kill (journalctl -k | grep -i oom)",
          Optional.empty(),
          "upstream died");
    } else if (reason instanceof Answer.MemoryUnknown unknown) {
      return new Refusal(
          503,
          "smartload: memory cannot be read ("
              + unknown.detail()
              + "), so loading "
              + model
              + " cannot be judged and is not done; resident models are still served"
              + " (serve --fail-open forwards such loads unchecked)",
          Optional.of(RETRY_AFTER),
          "memory unreadable");
    } else if (reason instanceof Answer.NoRoom noRoom) {
      String failures =
          noRoom.result().failed().stream()
              .map(failure -> reason(failure.cause()))
              .collect(Collectors.joining("; "));
      return new Refusal(
          503,
          "smartload: no room for "
              + model
              + ": unloading did not free enough memory"
              + (failures.isEmpty() ? "" : " (" + failures + ")"),
          Optional.of(RETRY_AFTER));
    } else if (reason instanceof Answer.StillBusy busy) {
      return new Refusal(
          503,
          "smartload: "
              + model
              + " can only fit once "
              + names(busy.models())
              + " finish, and they are still busy after "
              + Durations.brief(busy.waited()),
          Optional.of(RETRY_AFTER));
    } else if (reason instanceof Answer.WontFit wontFit) {
      return new Refusal(507, wontFitMessage(model, wontFit.decision()), Optional.empty());
    }
    throw new IllegalStateException("unknown refusal " + reason);
  }

  /** Why an unload failed, in the log's words. */
  static String reason(UnloadFailure.Cause cause) {
    if (cause instanceof UnloadFailure.StillListed listed) {
      return listed.runtime() + " still lists it after " + Durations.brief(listed.waited());
    }
    return ((UnloadFailure.RuntimeError) cause).error();
  }

  static String wontFitMessage(ModelName model, Decision.WontFit wontFit) {
    return "smartload: "
        + model
        + " needs "
        + wontFit.check().required().gigabytes(1)
        + " GB, at most "
        + wontFit.expectedAvailableAfter().gigabytes(1)
        + " GB can be freed";
  }

  static String names(Set<ModelName> models) {
    return models.stream().map(ModelName::toString).sorted().collect(Collectors.joining(", "));
  }
}
