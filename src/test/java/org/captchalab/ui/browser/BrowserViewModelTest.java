package org.captchalab.ui.browser;

import static org.assertj.core.api.Assertions.assertThat;

import org.captchalab.ui.fakes.FakeWorkspace;
import org.captchalab.ui.shared.Background;
import org.captchalab.ui.shared.DatasetState;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BrowserViewModelTest {

    private BrowserViewModel vm;
    private FakeWorkspace ws;

    @BeforeEach
    void setUp() {
        ws = new FakeWorkspace(30);
        vm = new BrowserViewModel(Background.DIRECT);
        vm.setDataset(new DatasetState(ws, ws.rows(), Background.DIRECT));
    }

    @Test
    void showsAllAndSelectsTheFirst() {
        assertThat(vm.visibleProperty().get()).hasSize(30);
        assertThat(vm.selectedProperty().get()).isEqualTo(0);
        assertThat(vm.choices().get(0).toString()).isEqualTo("All (30)");
    }

    @Test
    void misclassifiedFilterCountsAndNavigates() {
        vm.filterProperty().set(SampleFilter.of(SampleFilter.Kind.MISCLASSIFIED));
        // every third is wrong, minus the unlabelled ones (index 9 and 39...): 0,3,6,12,15,18,21,24,27 (9 unlabelled)
        assertThat(vm.visibleProperty().get()).containsExactly(0, 3, 6, 12, 15, 18, 21, 24, 27);
        vm.select(3);
        vm.next();
        assertThat(vm.selectedProperty().get()).isEqualTo(6);
        vm.previous();
        vm.previous();
        assertThat(vm.selectedProperty().get()).isEqualTo(0);
        assertThat(vm.choices()).anySatisfy(c -> assertThat(c.toString()).isEqualTo("Misclassified (9)"));
        assertThat(vm.choices()).anySatisfy(c -> assertThat(c.toString()).isEqualTo("Wrong at position 2 (9)"));
        assertThat(vm.choices()).anySatisfy(c -> assertThat(c.toString()).isEqualTo("Unlabelled (3)"));
    }

    @Test
    void searchUsesGlobPatterns() {
        String label = ws.rows().get(4).label();
        vm.searchProperty().set(label.charAt(0) + "?" + label.charAt(2) + "*");
        assertThat(vm.visibleProperty().get()).contains(4);
        vm.searchProperty().set(label.toUpperCase());
        assertThat(vm.visibleProperty().get()).contains(4);
        vm.searchProperty().set("zzzzz");
        assertThat(vm.visibleProperty().get()).isEmpty();
    }

    @Test
    void sortByConfidencePutsUnsureFirst() {
        vm.sortProperty().set(SortOrder.CONFIDENCE);
        assertThat(vm.visibleProperty().get()[0] % 3).isZero();
        vm.sortProperty().set(SortOrder.LOSS);
        assertThat(ws.rows().get(vm.visibleProperty().get()[0]).misclassified()).isTrue();
    }

    @Test
    void confusionFilterKeepsExactlyThoseImages() {
        char truth = ws.rows().get(3).label().charAt(1);
        vm.filterProperty().set(SampleFilter.confusion(1, truth, 'z', null));
        assertThat(vm.visibleProperty().get()).isNotEmpty();
        java.util.Arrays.stream(vm.visibleProperty().get()).forEach(i -> {
            assertThat(ws.rows().get(i).label().charAt(1)).isEqualTo(truth);
            assertThat(ws.rows().get(i).prediction().text().charAt(1)).isEqualTo('z');
        });
        assertThat(vm.choices().get(vm.choices().size() - 1).filter().kind()).isEqualTo(SampleFilter.Kind.CONFUSION);
    }

    @Test
    void searchWithoutWildcardsFindsLabelsThatContainTheText() {
        String label = ws.rows().get(4).label();
        String middle = label.substring(1, 3);
        vm.searchProperty().set(middle.toUpperCase());
        assertThat(vm.visibleProperty().get()).contains(4);
        java.util.Arrays.stream(vm.visibleProperty().get())
                .forEach(i -> assertThat(ws.rows().get(i).label()).containsIgnoringCase(middle));
        // with a wildcard the pattern is the whole label: two letters and one more match no 4-letter label
        vm.searchProperty().set(middle + "?");
        assertThat(vm.visibleProperty().get()).isEmpty();
        vm.searchProperty().set("*" + middle + "*");
        assertThat(vm.visibleProperty().get()).contains(4);
    }

    @Test
    void aSearchThatMatchesNothingSelectsNothingAndSaysSo() {
        vm.select(4);
        assertThat(vm.emptyText()).isEmpty();
        vm.searchProperty().set("zzzzz");
        assertThat(vm.visibleProperty().get()).isEmpty();
        assertThat(vm.selectedProperty().get()).isEqualTo(-1);
        assertThat(vm.selectedRowProperty().get()).isNull();
        assertThat(vm.emptyText()).isEqualTo("No image matches the search \"zzzzz\". Clear the search box to see every image.");
        vm.filterProperty().set(SampleFilter.of(SampleFilter.Kind.MISCLASSIFIED));
        assertThat(vm.emptyText()).isEqualTo("No image in \"Misclassified\" matches the search \"zzzzz\". Clear the search"
                + " box, or choose All in the list.");
        vm.showAll();
        assertThat(vm.visibleProperty().get()).hasSize(30);
        assertThat(vm.selectedProperty().get()).as("the first image again").isZero();
        assertThat(vm.emptyText()).isEmpty();
        vm.filterProperty().set(SampleFilter.of(SampleFilter.Kind.CORRECTED));
        assertThat(vm.emptyText()).isEqualTo("No image in \"Corrected\". Choose All in the list to see every image.");
    }

    @Test
    void aFilterThatLeavesTheSelectedImageOutSelectsItsFirstImage() {
        vm.select(4);
        vm.filterProperty().set(SampleFilter.of(SampleFilter.Kind.MISCLASSIFIED));
        assertThat(vm.selectedProperty().get()).isZero();
        assertThat(vm.selectedRowProperty().get().index()).isZero();
        vm.select(6);
        vm.filterProperty().set(SampleFilter.wrongAt(1));
        assertThat(vm.selectedProperty().get()).as("still shown: kept").isEqualTo(6);
    }

    @Test
    void theConflictFilterFollowsLabelEdits() {
        FakeWorkspace pairs = new FakeWorkspace(30).identical(0, 1).identical(3, 4);
        DatasetState state = new DatasetState(pairs, pairs.rows(), Background.DIRECT);
        vm.setDataset(state);
        vm.filterProperty().set(SampleFilter.of(SampleFilter.Kind.CONFLICTS));
        assertThat(vm.visibleProperty().get()).containsExactly(0, 1, 3, 4);
        state.saveLabel(0, pairs.rows().get(1).label(), e -> { });
        assertThat(vm.visibleProperty().get()).containsExactly(3, 4);
        assertThat(vm.choices()).anySatisfy(c -> assertThat(c.toString()).isEqualTo("Conflicting duplicates (2)"));
        state.undo(c -> { }, () -> { }, e -> { });
        assertThat(vm.choices()).anySatisfy(c -> assertThat(c.toString()).isEqualTo("Conflicting duplicates (4)"));
    }
}
