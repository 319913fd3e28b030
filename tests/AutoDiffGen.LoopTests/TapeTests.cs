using System;
using Xunit;

namespace AutoDiffGen.LoopTests;

/// <summary>
/// <see cref="Tape{T}.Reserve"/> and <see cref="Tape{T}.PushReserved"/>, which generated code uses
/// to keep an iteration's values without a call after its inner loops: the room made holds every
/// value reserved for, past the first storage, in order; a push without room throws instead of
/// writing out of range. <see cref="Tape{T}.PushReservedRange"/> and
/// <see cref="Tape{T}.ReadNextRange"/> claim room for a whole buffer, copied through
/// <see cref="Tape{T}.Storage"/>.
/// </summary>
public sealed class TapeTests
{
    [Fact]
    public void Reserved_values_come_back_in_order_past_the_first_storage()
    {
        var tape = Tape<double>.Rent();
        for (int iteration = 0; iteration < 300; iteration++)
        {
            tape.Reserve(iteration % 7 + 1);
            for (int k = 0; k <= iteration % 7; k++) tape.PushReserved(iteration * 10 + k);
        }

        for (int iteration = 0; iteration < 300; iteration++)
        {
            for (int k = 0; k <= iteration % 7; k++) Assert.Equal(iteration * 10 + k, tape.ReadNext());
        }

        tape.Return();
    }

    [Fact]
    public void One_reserve_larger_than_twice_the_storage_grows_to_it()
    {
        var tape = Tape<int>.Rent();
        tape.Push(-1);
        tape.Reserve(10_000);
        for (int k = 0; k < 10_000; k++) tape.PushReserved(k);
        Assert.Equal(10_001, tape.Count);
        Assert.Equal(-1, tape.ReadNext());
        Assert.Equal(0, tape.ReadNext());
        tape.Return();
    }

    [Fact]
    public void A_push_past_the_reserved_room_throws_rather_than_writes_out_of_range()
    {
        var tape = Tape<long>.Rent();
        tape.Reserve(1);
        int pushed = 0;
        Assert.Throws<IndexOutOfRangeException>(() =>
        {
            for (int k = 0; k < 1 << 20; k++)
            {
                tape.PushReserved(k);
                pushed++;
            }
        });
        Assert.Equal(pushed, tape.Count);
        tape.Return();
    }

    [Fact]
    public void Ranges_copied_through_the_storage_come_back_in_order_with_single_values()
    {
        var tape = Tape<double>.Rent();
        for (int iteration = 0; iteration < 100; iteration++)
        {
            tape.Reserve(3 + 1);
            double[] storage = tape.Storage;
            int at = tape.PushReservedRange(3);
            for (int k = 0; k < 3; k++) storage[at + k] = iteration + k / 10.0;
            tape.PushReserved(-iteration);
        }

        for (int iteration = 0; iteration < 100; iteration++)
        {
            double[] storage = tape.Storage;
            int at = tape.ReadNextRange(3);
            for (int k = 0; k < 3; k++) Assert.Equal(iteration + k / 10.0, storage[at + k]);
            Assert.Equal(-iteration, tape.ReadNext());
        }

        tape.Return();
    }

    [Fact]
    public void A_range_past_the_reserved_room_or_the_values_pushed_throws()
    {
        var tape = Tape<double>.Rent();
        tape.Reserve(2);
        int room = tape.Storage.Length;
        Assert.Throws<InvalidOperationException>(() => tape.PushReservedRange(room + 1));
        Assert.Throws<InvalidOperationException>(() => tape.PushReservedRange(-1));
        Assert.Equal(0, tape.PushReservedRange(2));
        Assert.Throws<InvalidOperationException>(() => tape.ReadNextRange(3));
        Assert.Equal(0, tape.ReadNextRange(2));
        tape.Return();
    }
}
