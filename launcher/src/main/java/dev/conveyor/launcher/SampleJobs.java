package dev.conveyor.launcher;

import java.util.ArrayList;
import java.util.List;

/** The demo's jobs: code analysis, test generation, documentation and refactoring of small Java sources, for two tenants. */
final class SampleJobs {

    static final List<String> TENANTS = List.of("acme-corp", "globex");

    record Sample(String tenant, String taskType, String file, String prompt) {}

    private static final List<String[]> SOURCES = List.of(
            new String[] {"OrderService.java", """
                    public class OrderService {
                        private final Map<String, Order> orders = new HashMap<>();
                        public void place(Order order) { orders.put(order.id(), order); }
                        public Order find(String id) { return orders.get(id); }
                    }"""},
            new String[] {"PriceCalculator.java", """
                    public class PriceCalculator {
                        public double total(List<Item> items, double discount) {
                            double sum = 0; for (Item i : items) sum += i.price() * i.quantity();
                            return sum - sum * discount;
                        }
                    }"""},
            new String[] {"UserRepository.java", """
                    public class UserRepository {
                        public User byEmail(Connection c, String email) throws SQLException {
                            ResultSet rs = c.createStatement().executeQuery("select * from users where email='" + email + "'");
                            return rs.next() ? new User(rs.getString("id"), email) : null;
                        }
                    }"""},
            new String[] {"RetryPolicy.java", """
                    public class RetryPolicy {
                        public <T> T call(Supplier<T> action, int attempts) {
                            for (int i = 0; ; i++) { try { return action.get(); } catch (RuntimeException e) { if (i == attempts) throw e; } }
                        }
                    }"""},
            new String[] {"InvoiceFormatter.java", """
                    public class InvoiceFormatter {
                        public String format(Invoice invoice) {
                            String s = ""; for (Line l : invoice.lines()) s += l.name() + ": " + l.amount() + "\\n";
                            return s;
                        }
                    }"""});

    private SampleJobs() {}

    /** The default task types, with what each asks of a source file. */
    private static final List<String[]> TASKS = List.of(
            new String[] {"code_analysis", "Review this Java class for bugs, thread safety and security issues."},
            new String[] {"test_generation", "Write JUnit 5 tests for this Java class."},
            new String[] {"documentation", "Write the Javadoc for this Java class and its public methods."},
            new String[] {"refactoring", "Refactor this Java class for readability; keep its behaviour."});

    /**
     * Twenty jobs: each tenant gets two jobs per source file, the task types taken in turn, so every
     * task type (and so every route) has jobs of both tenants.
     */
    static List<Sample> all() {
        List<Sample> samples = new ArrayList<>();
        for (String tenant : TENANTS) {
            for (int i = 0; i < SOURCES.size(); i++) {
                String[] source = SOURCES.get(i);
                for (int j = 0; j < 2; j++) {
                    String[] task = TASKS.get((2 * i + j) % TASKS.size());
                    samples.add(new Sample(tenant, task[0], source[0], task[1] + "\n\n" + source[1]));
                }
            }
        }
        return samples;
    }
}
