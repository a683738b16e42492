package dev.lookalike.html;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HtmlTest {

    @Test
    void escapesMarkupAndBothQuotesAndKeepsTheRest() {
        assertThat(Html.escape("<a href=\"x\">Tom & Jerry's</a> é")).isEqualTo(
                "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt; é");
    }
}
