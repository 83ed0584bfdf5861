package io.github.smartload.core.admission;

import io.github.smartload.core.Decision;
import io.github.smartload.core.ModelName;
import io.github.smartload.core.load.LoadResult;
import java.time.Duration;
import java.util.Optional;

/** What an admission did, for a front's log, metrics and status page; core never logs. */
public sealed interface AdmissionEvent {

  /** A request waited this long for its turn to decide. */
  record TurnTaken(ModelName model, Duration waited) implements AdmissionEvent {}

  /** A smart load for {@code model} ran to {@code result} (a turn may run more than one). */
  record Decided(ModelName model, LoadResult result) implements AdmissionEvent {}

  /** The load of {@code model} waits for the models in its way. */
  record Waiting(ModelName model, Answer.Wait inTheWay) implements AdmissionEvent {}

  /**
   * A smart load for {@code model} broke off for {@code reason} after deciding {@code decision}
   * (empty when it broke off before deciding): no result, but a record all the same.
   */
  record Failed(ModelName model, Optional<Decision> decision, Answer.Reason reason)
      implements AdmissionEvent {}
}
