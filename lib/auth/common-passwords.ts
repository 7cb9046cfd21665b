// A small, hand-picked list of passwords of at least MIN_PASSWORD_LENGTH characters that head the
// public breach-frequency lists (such as SecLists' top 10,000 and the NCSC's top 100,000),
// lower-cased; shorter ones are already refused by the length rule. A password equal to one of
// these, ignoring case, is refused.
export const COMMON_PASSWORDS: ReadonlySet<string> = new Set([
  "12345678", "123456789", "1234567890", "12345678910", "123123123", "11111111", "111111111", "00000000",
  "87654321", "88888888", "66666666", "55555555", "99999999", "12341234", "11223344", "123321123",
  "987654321", "0987654321", "147258369", "147852369", "123456789a", "1q2w3e4r", "1q2w3e4r5t",
  "1q2w3e4r5t6y", "q1w2e3r4", "1qaz2wsx", "1qazxsw2", "zaq12wsx", "zaq1zaq1", "qwertyui", "qwertyuiop",
  "qwerty123", "qwerty1234", "qwerty12345", "asdfghjkl", "asdfasdf", "zxcvbnm1", "zxcvbnm123",
  "password", "password1", "password12", "password123", "password1234", "passw0rd", "p@ssw0rd",
  "p@ssword", "pa55word", "pass1234", "mypassword", "iloveyou", "iloveyou1", "iloveyou2", "sunshine",
  "sunshine1", "princess", "princess1", "football", "football1", "baseball", "basketball", "superman",
  "batman123", "starwars", "whatever", "trustno1", "welcome1", "welcome123", "letmein1", "letmein123",
  "changeme", "changeme1", "changeme123", "administrator", "admin123", "admin1234", "admin12345",
  "administrator1", "rootroot", "computer", "internet", "michelle", "jennifer", "jordan23", "charlie1",
  "danielle", "mercedes", "maverick", "midnight", "mustang1", "liverpool", "chelsea1", "arsenal1",
  "manchester", "blink182", "pokemon1", "pokemon123", "spiderman", "chocolate", "butterfly", "babygirl",
  "babygirl1", "lovely123", "loveyou1", "forever1", "abcd1234", "abc12345", "abc123456", "a1234567",
  "a12345678", "aa123456", "aa12345678", "qazwsxedc", "qweasdzxc", "q1w2e3r4t5", "asdf1234",
  "asd12345", "1234qwer", "12qwaszx", "monkey123", "dragon123", "shadow123", "master123", "michael1",
  "11111111a", "qwer1234", "abcdefgh", "abcdefg1", "access14", "freedom1", "hello123", "helloworld",
  "secret123", "samsung1", "google123", "nicole123", "soccer123", "matrix123", "summer2020",
  "summer2021", "summer2022", "summer2023", "summer2024", "winter2023", "winter2024", "spring2024",
  "autumn2024", "password!", "password1!", "qwerty!@#", "1234567a", "12345qwert", "123qweasd",
  "123qweasdzxc", "1a2b3c4d", "a1b2c3d4", "iloveyou!", "zxcvbnm,", "987654321a", "00000000a",
  "letmein!", "welcome!", "trustno1!", "goldset1", "goldset123", "goldsetpassword",
]);
