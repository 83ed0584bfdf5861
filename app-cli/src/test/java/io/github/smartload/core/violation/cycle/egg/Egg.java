package io.github.smartload.core.violation.cycle.egg;

import io.github.smartload.core.violation.cycle.Chicken;

/** Test-only: the other half of a package cycle, for the no-cycles rule to catch. */
public final class Egg {
  Chicken hatch() {
    return null;
  }
}
