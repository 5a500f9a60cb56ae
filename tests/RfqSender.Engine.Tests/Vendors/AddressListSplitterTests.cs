using RfqSender.Engine.Vendors;

namespace RfqSender.Engine.Tests.Vendors;

public sealed class AddressListSplitterTests
{
    [Theory]
    [InlineData("a@x.example", new[] { "a@x.example" })]
    [InlineData("a@x.example; b@x.example", new[] { "a@x.example", "b@x.example" })]
    [InlineData("a@x.example, b@x.example;c@x.example", new[] { "a@x.example", "b@x.example", "c@x.example" })]
    [InlineData("Berg, Anna <anna@x.example>", new[] { "Berg, Anna <anna@x.example>" })]
    [InlineData("Berg, Anna <anna@x.example>, b@x.example", new[] { "Berg, Anna <anna@x.example>", "b@x.example" })]
    [InlineData("\"Berg; Anna\" <anna@x.example>; \"O, B\" <ob@x.example>", new[] { "\"Berg; Anna\" <anna@x.example>", "\"O, B\" <ob@x.example>" })]
    [InlineData(" ; ,a@x.example;; ", new[] { "a@x.example" })]
    [InlineData("no address here, a@x.example", new[] { "no address here, a@x.example" })]
    [InlineData("dangling, name", new[] { "dangling, name" })]
    [InlineData("", new string[0])]
    public void Splits_outside_quotes_and_keeps_display_names_whole(string cell, string[] expected)
    {
        Assert.Equal(expected, AddressListSplitter.Split(cell));
    }
}
