/**
 * The demo catalog generator: a small, plausible fashion catalog with drawn product pictures and known ground
 * truth, for {@code lookalike demo} and for tests.
 *
 * <p>{@link dev.lookalike.demo.DemoCatalogGenerator} writes {@code catalog.jsonl} plus {@code images/<id>.png}
 * and returns a {@link dev.lookalike.demo.DemoCatalog} with each product's {@link dev.lookalike.demo.DemoTruth}
 * (type, colour, pattern, gender, style). Twelve {@link dev.lookalike.demo.DemoType}s are drawn with Java2D as
 * recognisable silhouettes in thirteen {@link dev.lookalike.demo.DemoColour}s and four
 * {@link dev.lookalike.demo.DemoPattern}s; titles, descriptions, prices, brands and colour-variant groups follow
 * from the same seeded parameters. Attributes in the catalog can be dropped or falsified at chosen rates while the
 * truth stays intact, so a test can measure how a similarity engine copes with messy data.
 *
 * <p>Output is a pure function of the options: the same seed gives byte-identical files on any number of threads.
 */
package dev.lookalike.demo;
