package realprograms;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.IntPoint;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;

/**
 * A real search engine under the agent: two threads add documents to one Lucene {@code IndexWriter} at once (each
 * analyses its text with its own tokenizer, whose attribute classes Lucene caches in a {@code ClassValue}), the index
 * is committed and merged after both, then two pooled threads run term queries against it, and the index searcher
 * splits each query across the pool too. The counts it prints are the same in every run.
 *
 * <p>Usage: {@code LuceneSearch [documents per thread]} (default 2000).
 */
public final class LuceneSearch {
  static final int WORDS = 97;

  public static void main(String[] args) throws Exception {
    int perThread = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
    Path dir = Files.createTempDirectory("racekit-lucene");
    try {
      try (Directory d = FSDirectory.open(dir)) {
        index(d, perThread);
        search(d);
      }
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }

  private static void index(Directory d, int perThread) throws Exception {
    IndexWriterConfig config = new IndexWriterConfig(new StandardAnalyzer()).setRAMBufferSizeMB(4);
    try (IndexWriter w = new IndexWriter(d, config)) {
      Thread[] indexers = new Thread[2];
      Exception[] failed = new Exception[indexers.length];
      for (int t = 0; t < indexers.length; t++) {
        int id = t;
        indexers[t] = new Thread(() -> {
          try {
            for (int i = 0; i < perThread; i++) {
              Document doc = new Document();
              doc.add(new StringField("id", id + "-" + i, Field.Store.YES));
              doc.add(new TextField("body", "word" + (i % WORDS) + " common text " + i, Field.Store.NO));
              doc.add(new IntPoint("n", i));
              w.addDocument(doc);
            }
          } catch (Exception e) {
            failed[id] = e;
          }
        }, "indexer-" + t);
        indexers[t].start();
      }
      for (int t = 0; t < indexers.length; t++) {
        indexers[t].join();
        if (failed[t] != null) {
          throw failed[t];
        }
      }
      w.forceMerge(1);
      w.commit();
    }
  }

  private static void search(Directory d) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try (DirectoryReader reader = DirectoryReader.open(d)) {
      IndexSearcher searcher = new IndexSearcher(reader, pool);
      List<Future<Integer>> counts = new ArrayList<>();
      for (int q = 0; q < WORDS; q++) {
        Term term = new Term("body", "word" + q);
        counts.add(pool.submit(() -> searcher.count(new TermQuery(term))));
      }
      long hits = 0;
      for (Future<Integer> f : counts) {
        hits += f.get();
      }
      int range = searcher.count(IntPoint.newRangeQuery("n", 10, 19));
      System.out.println("LuceneSearch docs=" + reader.numDocs() + " hits=" + hits + " range=" + range);
    } finally {
      pool.shutdown();
    }
  }
}
