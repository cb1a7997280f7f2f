using GitOps.Caching;

namespace GitOps.Tests.Caching;

public sealed class ByteBudgetCacheTests
{
    [Test]
    public void TryGet_AfterSet_ReturnsValueAndCountsHit()
    {
        var cache = new ByteBudgetCache<string, string>(100);
        cache.Set("a", "alpha", 10);

        Assert.Multiple(() =>
        {
            Assert.That(cache.TryGet("a", out var value), Is.True);
            Assert.That(value, Is.EqualTo("alpha"));
            Assert.That(cache.TryGet("b", out _), Is.False);
            Assert.That(cache.Hits, Is.EqualTo(1));
            Assert.That(cache.Misses, Is.EqualTo(1));
        });
    }

    [Test]
    public void Set_OverBudget_EvictsLeastRecentlyUsed()
    {
        var cache = new ByteBudgetCache<string, int>(30);
        cache.Set("a", 1, 10);
        cache.Set("b", 2, 10);
        cache.Set("c", 3, 10);
        cache.TryGet("a", out _); // a is now more recent than b

        cache.Set("d", 4, 15);

        Assert.Multiple(() =>
        {
            Assert.That(cache.TryGet("a", out _), Is.True);
            Assert.That(cache.TryGet("b", out _), Is.False, "least recently used");
            Assert.That(cache.TryGet("c", out _), Is.False, "next least recently used, evicted to make room for 15 bytes");
            Assert.That(cache.TryGet("d", out _), Is.True);
            Assert.That(cache.Bytes, Is.EqualTo(25));
        });
    }

    [Test]
    public void Set_EntryHeavierThanBudget_IsNotKeptAndEvictsNothing()
    {
        var cache = new ByteBudgetCache<string, int>(10);
        cache.Set("a", 1, 5);

        var kept = cache.Set("big", 2, 11);

        Assert.Multiple(() =>
        {
            Assert.That(kept, Is.False);
            Assert.That(cache.TryGet("big", out _), Is.False);
            Assert.That(cache.TryGet("a", out _), Is.True);
        });
    }

    [Test]
    public void Set_ZeroBudget_KeepsNothing()
    {
        var cache = new ByteBudgetCache<string, int>(0);

        Assert.Multiple(() =>
        {
            Assert.That(cache.Set("a", 1, 0), Is.False);
            Assert.That(cache.TryGet("a", out _), Is.False);
            Assert.That(cache.Count, Is.Zero);
        });
    }

    [Test]
    public void Set_ExistingKey_ReplacesValueAndWeight()
    {
        var cache = new ByteBudgetCache<string, string>(100);
        cache.Set("a", "old", 60);

        cache.Set("a", "new", 20);

        Assert.Multiple(() =>
        {
            Assert.That(cache.TryGet("a", out var value), Is.True);
            Assert.That(value, Is.EqualTo("new"));
            Assert.That(cache.Bytes, Is.EqualTo(20));
            Assert.That(cache.Count, Is.EqualTo(1));
        });
    }

    [Test]
    public void Constructor_NegativeBudget_Throws() =>
        Assert.That(() => new ByteBudgetCache<string, int>(-1), Throws.InstanceOf<ArgumentOutOfRangeException>());

    [Test]
    public void SetAndTryGet_ManyThreads_KeepBudgetAndReturnOnlyTheValueSetForTheKey()
    {
        var cache = new ByteBudgetCache<int, int>(1_000);
        var wrong = 0;
        var overBudget = 0;

        Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 8 }, worker =>
        {
            // Random keys over about 1,400 bytes of entries: many hits and many evictions, whether the workers
            // interleave or run one after another (a cyclic scan larger than the budget would never hit under LRU).
            var random = new Random(worker);
            for (var i = 0; i < 20_000; i++)
            {
                var key = random.Next(200);
                if (cache.TryGet(key, out var value) && value != key * 3)
                {
                    Interlocked.Increment(ref wrong);
                }

                cache.Set(key, key * 3, 1 + (key % 13));
                if (cache.Bytes > 1_000)
                {
                    Interlocked.Increment(ref overBudget);
                }
            }
        });

        Assert.Multiple(() =>
        {
            Assert.That(wrong, Is.Zero);
            Assert.That(overBudget, Is.Zero);
            Assert.That(cache.Hits, Is.Positive);
            Assert.That(cache.Bytes, Is.LessThanOrEqualTo(1_000));
        });
    }
}
