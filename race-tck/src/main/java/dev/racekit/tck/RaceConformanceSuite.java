package dev.racekit.tck;

/**
 * The conformance suite every backend runs against itself. Extend it in the backend's tests and name the backend:
 *
 * <pre>{@code
 * class JavaConformanceTest extends RaceConformanceSuite {
 *   @Override
 *   protected String backendName() {
 *     return "java";
 *   }
 * }
 * }</pre>
 *
 * <p>The cases come in pairs in the manner of Go's race tests, one racy and one made safe, and are grouped by concern,
 * one level of the class hierarchy each:
 * <ul>
 *   <li>{@link ThreadOrderCases}: start, end and join; parents, siblings, grandchildren; thread ids</li>
 *   <li>{@link SyncCases}: release/acquire, chains, read locks (releaseMerge), release overwriting vs merging</li>
 *   <li>{@link AccessCases}: reads and writes, sizes and byte overlaps, atomics, ranges, 1 MiB copies</li>
 *   <li>{@link MemoryCases}: malloc, free and use after free, unmapped addresses, ignore regions</li>
 *   <li>{@link ReportCases}: stacks, creation stacks, running/finished, history wrap, deduplication</li>
 *   <li>{@link GoldenTextCases}: the exact report text in the log file and the closing summary</li>
 *   <li>{@link ScaleCases}: 100,000 short-lived threads, concurrent Java threads</li>
 *   <li>{@link MisuseCases}: bad input is rejected clearly and changes nothing</li>
 *   <li>{@link DetectorRuleCases}: slot recycling, eviction, own-cell replacement, ignored acquire, memory of huge
 *       free/malloc and of ended threads</li>
 * </ul>
 * It uses only the public API and {@code RaceKit.builder().backend(backendName())}.
 */
public abstract class RaceConformanceSuite extends DetectorRuleCases {}
