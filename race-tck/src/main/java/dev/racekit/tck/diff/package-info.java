/**
 * Differential testing of backends: {@link dev.racekit.tck.diff.RandomEventStreams} makes seeded random event
 * streams, {@link dev.racekit.tck.diff.EventReplayer} plays them into a backend and collects the raw reports, and
 * {@link dev.racekit.tck.diff.DifferentialCheck} compares two backends on the same stream (and shrinks a stream on
 * which they differ). Every backend compares itself with the pure-Java reference this way.
 */
package dev.racekit.tck.diff;
