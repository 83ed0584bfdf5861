package io.github.smartload.core.violation.cycle;

import io.github.smartload.core.violation.cycle.egg.Egg;

/** Test-only: one half of a package cycle, for the no-cycles rule to catch. */
public final class Chicken {
  Egg lay() {
    return new Egg();
  }
}
