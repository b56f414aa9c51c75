using LiveAmp.Engine.Chain;
using LiveAmp.Engine.Presets;

namespace LiveAmp.Host.Ui;

/// <summary>Remembers the knob values of the active preset as saved, so that `s` writes only the knobs that were
/// turned since, through <see cref="PresetLibrary.SaveKnob"/> (user copy, comments kept, atomic). For the play
/// command's <see cref="ILiveSession.SaveKnobs"/>: call <see cref="Loaded"/> when a preset's chain takes over.</summary>
public sealed class KnobSaver(PresetLibrary library)
{
    readonly float[] _saved = Knobs.All.Select(k => k.Default).ToArray();
    string? _presetKey;

    /// <summary>The preset that is playing now and the knob values its file holds.</summary>
    public void Loaded(string presetKey, ChainSettings settings)
    {
        _presetKey = presetKey;
        foreach (var knob in Knobs.All) _saved[(int)knob.Id] = settings.KnobValue(knob.Id);
    }

    /// <summary>Saves every knob of <paramref name="current"/> that differs from the file and says what was written.
    /// Throws <see cref="Engine.Diagnostics.LiveAmpException"/> or <see cref="IOException"/> when the preset cannot be written.</summary>
    public string Save(ChainParameters current)
    {
        if (_presetKey is null) return "nothing to save: no preset is playing";
        var written = new List<string>();
        string? path = null;
        foreach (var knob in Knobs.All)
        {
            float value = current[knob.Id];
            if (value == _saved[(int)knob.Id]) continue;
            path = library.SaveKnob(_presetKey, knob.Id, value);
            _saved[(int)knob.Id] = value;
            written.Add($"{knob.Name} {DashboardView.FormatKnob(value, knob.Unit)}");
        }
        return path is null
            ? $"nothing to save: the knobs match {_presetKey}"
            : $"saved {string.Join(", ", written)} to {path}";
    }
}
