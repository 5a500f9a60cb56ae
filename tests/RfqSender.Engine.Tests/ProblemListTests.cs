namespace RfqSender.Engine.Tests;

/// <summary>Long lists of problems show the first twenty and count the rest.</summary>
public sealed class ProblemListTests
{
    [Fact]
    public void The_first_twenty_are_listed_and_the_rest_counted()
    {
        var problems = Enumerable.Range(1, 23).Select(i => $"line {i}: bad").ToList();

        var lines = ProblemList.Lines(problems).Split(Environment.NewLine);

        Assert.Equal(21, lines.Length);
        Assert.Equal("  line 1: bad", lines[0]);
        Assert.Equal("  line 20: bad", lines[19]);
        Assert.Equal("  ... and 3 more", lines[20]);
    }

    [Fact]
    public void A_total_larger_than_the_problems_kept_is_counted_and_a_short_list_has_no_tail()
    {
        Assert.EndsWith("  ... and 980 more", ProblemList.Lines(Enumerable.Range(1, 20).Select(i => "p" + i).ToList(), total: 1000));
        Assert.Equal("  a" + Environment.NewLine + "  b", ProblemList.Lines(new[] { "a", "b" }));
    }
}
