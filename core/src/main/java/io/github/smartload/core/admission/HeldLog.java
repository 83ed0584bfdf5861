package io.github.smartload.core.admission;

import io.github.smartload.core.Decision;
import io.github.smartload.core.port.LoadEvent;
import io.github.smartload.core.port.LoadListener;
import java.util.ArrayList;
import java.util.List;

/** Holds a probing decision's lines until it is known not to be a "won't fit", then passes on. */
final class HeldLog implements LoadListener {
  private final LoadListener log;
  private final List<LoadEvent> held = new ArrayList<>();
  private boolean decided;

  HeldLog(LoadListener log) {
    this.log = log;
  }

  @Override
  public void on(LoadEvent event) {
    if (decided) {
      log.on(event);
    } else if (event instanceof LoadEvent.Decided outcome) {
      decided = true;
      if (!(outcome.decision() instanceof Decision.WontFit)) {
        held.forEach(log::on);
        log.on(event);
      }
      held.clear();
    } else {
      held.add(event);
    }
  }
}
