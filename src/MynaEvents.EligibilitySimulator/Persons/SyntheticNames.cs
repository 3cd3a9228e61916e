namespace MynaEvents.EligibilitySimulator.Persons;

/// <summary>Common family and given names with their katakana readings, combined at random: nobody real.</summary>
internal static class SyntheticNames
{
    public static readonly (string Kanji, string Kana)[] Family =
    [
        ("佐藤", "サトウ"), ("鈴木", "スズキ"), ("高橋", "タカハシ"), ("田中", "タナカ"), ("伊藤", "イトウ"),
        ("渡辺", "ワタナベ"), ("山本", "ヤマモト"), ("中村", "ナカムラ"), ("小林", "コバヤシ"), ("加藤", "カトウ"),
        ("吉田", "ヨシダ"), ("山田", "ヤマダ"), ("佐々木", "ササキ"), ("松本", "マツモト"), ("井上", "イノウエ"),
        ("木村", "キムラ"), ("林", "ハヤシ"), ("斎藤", "サイトウ"), ("清水", "シミズ"), ("山口", "ヤマグチ"),
    ];

    public static readonly (string Kanji, string Kana)[] Given =
    [
        ("太郎", "タロウ"), ("花子", "ハナコ"), ("健一", "ケンイチ"), ("美咲", "ミサキ"), ("翔太", "ショウタ"),
        ("陽菜", "ヒナ"), ("大輔", "ダイスケ"), ("由美", "ユミ"), ("誠", "マコト"), ("恵子", "ケイコ"),
        ("蓮", "レン"), ("結衣", "ユイ"), ("浩二", "コウジ"), ("幸子", "サチコ"), ("悠真", "ユウマ"),
        ("葵", "アオイ"), ("修", "オサム"), ("和子", "カズコ"), ("拓海", "タクミ"), ("真由美", "マユミ"),
    ];

    /// <summary>Names are written family name, full-width space, given name — as on the card.</summary>
    public const char Separator = '\u3000';
}
