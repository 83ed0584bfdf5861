package io.github.smartload.core.placement.violation;

import io.github.smartload.core.port.MemoryProbe;

/** Test-only: a placement class that asks a port instead of computing from given numbers. */
public final class AsksAPort {
  Object ask(MemoryProbe probe) {
    return probe.read();
  }
}
