/*
 * SPDX-License-Identifier: MIT
 *
 * sig_test.c - the signature helpers of ota_signature.h called from C.
 *
 *   sig_test kat
 *       SHA-256 known answers, chunked updates, context copies, misuse.
 *   sig_test verify <expect> <data> <key> <sig>
 *       Hashes <data> with OTA_Sha256*, checks the signature in file <sig>
 *       with the key bytes of file <key> (OTA_VerifySignatureP256) and with
 *       the files themselves (OTA_VerifyFileSignatureP256); both must give
 *       the same status, whose main code must match expect (ok, sigfail or
 *       badcert).
 */

#ifndef _POSIX_C_SOURCE
    #define _POSIX_C_SOURCE    200809L
#endif

#include <stdlib.h>
#include <string.h>

#include "ota_signature.h"
#include "test_support.h"

/* The context has the same size on every target. */
typedef char contextSizeCheck[ ( sizeof( OtaSha256Context_t ) == 128U ) ? 1 : -1 ];

static void hex( const uint8_t * pDigest,
                 char * pOut )
{
    static const char digits[] = "0123456789abcdef";
    size_t i;

    for( i = 0; i < OTA_SHA256_DIGEST_LENGTH; i++ )
    {
        pOut[ 2U * i ] = digits[ pDigest[ i ] >> 4 ];
        pOut[ ( 2U * i ) + 1U ] = digits[ pDigest[ i ] & 0x0fU ];
    }

    pOut[ 64 ] = '\0';
}

static void checkDigest( const uint8_t * pDigest,
                         const char * pExpected )
{
    char text[ 65 ];

    hex( pDigest, text );

    if( strcmp( text, pExpected ) != 0 )
    {
        ( void ) fprintf( stderr, "digest %s, expected %s\n", text, pExpected );
        testFailures++;
    }
}

static int stepKnownAnswers( void )
{
    OtaSha256Context_t ctx;
    OtaSha256Context_t copy;
    uint8_t digest[ 32 ];
    uint8_t zeros[ 32 ] = { 0 };
    uint8_t * pMillion = malloc( 1000000U );
    size_t i;

    /* "abc" in one piece and byte by byte. */
    OTA_Sha256Init( &ctx );
    OTA_Sha256Update( &ctx, ( const uint8_t * ) "abc", 3 );
    OTA_Sha256Final( &ctx, digest );
    checkDigest( digest, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" );

    OTA_Sha256Init( &ctx );
    OTA_Sha256Update( &ctx, ( const uint8_t * ) "a", 1 );
    OTA_Sha256Update( &ctx, NULL, 0 );
    OTA_Sha256Update( &ctx, ( const uint8_t * ) "b", 1 );
    /* A copy carries on independently. */
    ( void ) memcpy( &copy, &ctx, sizeof( ctx ) );
    OTA_Sha256Update( &ctx, ( const uint8_t * ) "c", 1 );
    OTA_Sha256Final( &ctx, digest );
    checkDigest( digest, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" );
    OTA_Sha256Final( &copy, digest );
    checkDigest( digest, "fb8e20fc2e4c3f248c60c39bd652f3c1347298bb977b8b4d5903b85055620603" );

    /* Empty input. */
    OTA_Sha256Init( &ctx );
    OTA_Sha256Final( &ctx, digest );
    checkDigest( digest, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" );

    /* One million 'a' in uneven chunks. */
    CHECK( pMillion != NULL );

    if( pMillion != NULL )
    {
        ( void ) memset( pMillion, 'a', 1000000U );
        OTA_Sha256Init( &ctx );

        for( i = 0; i < 1000000U; )
        {
            size_t n = ( ( i % 7U ) + 1U ) * 997U;

            if( n > 1000000U - i )
            {
                n = 1000000U - i;
            }

            OTA_Sha256Update( &ctx, pMillion + i, n );
            i += n;
        }

        OTA_Sha256Final( &ctx, digest );
        checkDigest( digest, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0" );
        free( pMillion );
    }

    /* Misuse is harmless: used after Final, never initialised, NULLs. */
    OTA_Sha256Update( &ctx, ( const uint8_t * ) "x", 1 );
    ( void ) memset( digest, 0xff, sizeof( digest ) );
    OTA_Sha256Final( &ctx, digest );
    CHECK( memcmp( digest, zeros, sizeof( digest ) ) == 0 );
    ( void ) memset( &ctx, 0x5a, sizeof( ctx ) );
    OTA_Sha256Update( &ctx, ( const uint8_t * ) "x", 1 );
    OTA_Sha256Final( &ctx, digest );
    CHECK( memcmp( digest, zeros, sizeof( digest ) ) == 0 );
    OTA_Sha256Init( NULL );
    OTA_Sha256Update( NULL, ( const uint8_t * ) "x", 1 );
    OTA_Sha256Final( NULL, digest );
    OTA_Sha256Init( &ctx );
    OTA_Sha256Final( &ctx, NULL );

    /* Argument checks of the verifier, in order: key, digest, signature. */
    CHECK_EQ_U( OTA_VerifySignatureP256( NULL, 0, digest, digest, 32 ),
                OTA_PAL_COMBINE_ERR( OtaPalBadSignerCert, OTA_SIG_ERR_KEY_MISSING ) );
    CHECK_EQ_U( OTA_VerifySignatureP256( digest, 32, NULL, digest, 32 ),
                OTA_PAL_COMBINE_ERR( OtaPalSignatureCheckFailed, OTA_SIG_ERR_DIGEST_MISSING ) );
    CHECK_EQ_U( OTA_VerifySignatureP256( digest, 32, digest, NULL, 0 ),
                OTA_PAL_COMBINE_ERR( OtaPalSignatureCheckFailed, OTA_SIG_ERR_SIGNATURE_MISSING ) );
    CHECK_EQ_U( OTA_VerifySignatureP256( ( const uint8_t * ) "junk", 4, digest, digest, 32 ),
                OTA_PAL_COMBINE_ERR( OtaPalBadSignerCert, OTA_SIG_ERR_KEY_FORMAT ) );
    CHECK_EQ_U( OTA_VerifyFileSignatureP256( "no-such-file", "no-such-key", digest, 32 ),
                OTA_PAL_COMBINE_ERR( OtaPalBadSignerCert, OTA_SIG_ERR_KEY_FILE_READ ) );
    CHECK_EQ_U( OTA_VerifyFileSignatureP256( NULL, NULL, NULL, 0 ),
                OTA_PAL_COMBINE_ERR( OtaPalBadSignerCert, OTA_SIG_ERR_KEY_MISSING ) );

    return testResult( "sig_test kat" );
}

static int stepVerify( int argc,
                       char ** argv )
{
    size_t dataLength = 0;
    size_t keyLength = 0;
    size_t sigLength = 0;
    uint8_t * pData;
    uint8_t * pKey;
    uint8_t * pSig;
    uint8_t digest[ 32 ];
    OtaSha256Context_t ctx;
    OtaPalStatus_t fromDigest;
    OtaPalStatus_t fromFile;
    uint32_t expectedMain = OtaPalSuccess;
    size_t i;

    if( argc < 4 )
    {
        return 2;
    }

    if( strcmp( argv[ 0 ], "sigfail" ) == 0 )
    {
        expectedMain = OtaPalSignatureCheckFailed;
    }
    else if( strcmp( argv[ 0 ], "badcert" ) == 0 )
    {
        expectedMain = OtaPalBadSignerCert;
    }

    pData = readWholeFile( argv[ 1 ], &dataLength );
    pKey = readWholeFile( argv[ 2 ], &keyLength );
    pSig = readWholeFile( argv[ 3 ], &sigLength );
    CHECK( ( pData != NULL ) && ( pKey != NULL ) && ( pSig != NULL ) );

    if( ( pData == NULL ) || ( pKey == NULL ) || ( pSig == NULL ) )
    {
        free( pData );
        free( pKey );
        free( pSig );
        return testResult( "sig_test verify" );
    }

    /* Hash in block-sized pieces, as a PAL reading back flash would. */
    OTA_Sha256Init( &ctx );

    for( i = 0; i < dataLength; i += 4096U )
    {
        OTA_Sha256Update( &ctx, pData + i, ( dataLength - i < 4096U ) ? dataLength - i : 4096U );
    }

    OTA_Sha256Final( &ctx, digest );

    fromDigest = OTA_VerifySignatureP256( pKey, keyLength, digest, pSig, sigLength );
    fromFile = OTA_VerifyFileSignatureP256( argv[ 1 ], argv[ 2 ], pSig, sigLength );
    ( void ) printf( "status 0x%08lx / 0x%08lx\n", ( unsigned long ) fromDigest, ( unsigned long ) fromFile );

    CHECK_EQ_U( fromDigest, fromFile );
    CHECK_EQ_U( OTA_PAL_MAIN_ERR( fromDigest ), expectedMain );

    if( expectedMain == OtaPalSuccess )
    {
        CHECK_EQ_U( fromDigest, OTA_PAL_COMBINE_ERR( OtaPalSuccess, 0 ) );
    }

    free( pData );
    free( pKey );
    free( pSig );

    return testResult( "sig_test verify" );
}

int main( int argc,
          char ** argv )
{
    if( ( argc >= 2 ) && ( strcmp( argv[ 1 ], "kat" ) == 0 ) )
    {
        return stepKnownAnswers();
    }

    if( ( argc >= 2 ) && ( strcmp( argv[ 1 ], "verify" ) == 0 ) )
    {
        return stepVerify( argc - 2, argv + 2 );
    }

    ( void ) fprintf( stderr, "usage: sig_test kat | verify expect data key sig\n" );

    return 2;
}
