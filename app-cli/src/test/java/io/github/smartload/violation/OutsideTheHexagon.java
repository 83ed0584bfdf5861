package io.github.smartload.violation;

/**
 * Test-only: a class of smartload in none of the hexagon's rings, which the hexagon rule refuses.
 */
public final class OutsideTheHexagon {}
