using System;
using Xunit;

namespace AutoDiffGen.LoopTests;

/// <summary>
/// <see cref="Tape{T}.Reserve"/> and <see cref="Tape{T}.PushReserved"/>, which generated code uses
/// to keep an iteration's values without a call after its inner loops: the room made holds every
/// value reserved for, past the first storage, in order; a push without room throws instead of
/// writing out of range.
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
}
