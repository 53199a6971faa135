using Microsoft.Playwright;

namespace Digits.Tests.Web;

/// <summary>Draws on the page's pad with the mouse, as a person would.</summary>
internal static class PadStrokes
{
    /// <summary>Draws polyline strokes given in pad fractions (0..1), each point reached in 8 mouse moves.</summary>
    public static async Task DrawAsync(IPage page, params (double X, double Y)[][] strokes)
    {
        var box = (await page.Locator("#pad").BoundingBoxAsync())!;
        foreach (var stroke in strokes)
        {
            await page.Mouse.MoveAsync((float)(box.X + (stroke[0].X * box.Width)), (float)(box.Y + (stroke[0].Y * box.Height)));
            await page.Mouse.DownAsync();
            foreach (var (x, y) in stroke.Skip(1))
            {
                await page.Mouse.MoveAsync((float)(box.X + (x * box.Width)), (float)(box.Y + (y * box.Height)), new() { Steps = 8 });
            }

            await page.Mouse.UpAsync();
        }
    }
}
