package io.github.smartload.core.admission;

/** Receives {@link AdmissionEvent}s on the deciding thread; keep it quick. */
@FunctionalInterface
public interface AdmissionListener {

  AdmissionListener NONE = event -> {};

  void on(AdmissionEvent event);
}
