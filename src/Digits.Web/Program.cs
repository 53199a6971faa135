using Digits.Web;

DigitsWebApp.Build(args).Run();
