namespace LiveAmp.Host.Ui;

/// <summary>The panel that the arrow keys act on; Tab switches.</summary>
public enum DashboardFocus
{
    Presets,
    Knobs,
}
